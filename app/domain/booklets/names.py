"""What staff call each booklet: "Easy Read", not "My Say (easy, v1)".

Every child's booklet is titled "My Say" for the child; the IRO choosing or reading one needs the
kind of booklet instead. Staff words, so they are not in the booklets' own translations.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.models import BookletVersion

STAFF_NAMES = {
    "little": _l("Little ones"),
    "middle": _l("Middle years"),
    "teen": _l("Teenagers"),
    "moving_on": _l("Moving on"),
    "easy": _l("Easy Read"),
    "parent": _l("Parent’s views"),
    "carer": _l("Carer’s views"),
    "after": _l("How was my review?"),
}


def staff_name(version: BookletVersion) -> str:
    """The booklet's plain name; a booklet added later by its own title, or its slug."""
    if version.slug in STAFF_NAMES:
        return str(STAFF_NAMES[version.slug])
    definition = version.definition if isinstance(version.definition, dict) else {}
    return str(definition.get("title") or version.slug)


def staff_label(version: BookletVersion) -> str:
    """The name with the ages it is for, as a choice on the invitation form."""
    definition = version.definition if isinstance(version.definition, dict) else {}
    ages = definition.get("ages")
    label = staff_name(version)
    if isinstance(ages, list) and len(ages) == 2:
        label += " – " + _("ages %(low)s to %(high)s", low=ages[0], high=ages[1])
    return label
