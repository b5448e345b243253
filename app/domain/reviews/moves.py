"""One child's placement move or change of IRO, entered by hand from the staff pages.

The checks are an import's (a case number My Say knows, a real date in the contract's form, an
IRO who can sign in), in the same plain words, and nothing changes unless every check passes.
Each change goes into the audit log, like other changes staff make to a child's record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l

from app.domain.audit import record
from app.domain.imports.dates import read_date
from app.extensions import db
from app.models import Child, Role, User
from app.models.placements import Placement

# The DfE's SSDA903 placement types (PLACE), in its words. The temporary codes (T0 to T4: a
# hospital stay, a holiday, a short stay with a parent) are left out: they are not a move.
PLACEMENT_TYPES: dict[str, str] = {
    "U1": "Foster placement with relative or friend: long-term fostering",
    "U2": "Foster placement with relative or friend who is also an approved adopter: "
    "fostering for adoption or concurrent planning",
    "U3": "Foster placement with relative or friend: not long-term, fostering for adoption "
    "or concurrent planning",
    "U4": "Foster placement with other foster carer: long-term fostering",
    "U5": "Foster placement with other foster carer who is also an approved adopter: "
    "fostering for adoption or concurrent planning",
    "U6": "Foster placement with other foster carer: not long-term, fostering for adoption "
    "or concurrent planning",
    "A3": "Placed for adoption with parental or guardian consent, with current foster carers",
    "A4": "Placed for adoption with parental or guardian consent, not with current foster carers",
    "A5": "Placed for adoption with a placement order, with current foster carers",
    "A6": "Placed for adoption with a placement order, not with current foster carers",
    "P1": "Placed with own parents or other person with parental responsibility",
    "P2": "Independent living, for example a flat, lodgings, bedsit, B&B or with friends",
    "P3": "Residential employment",
    "H5": "Semi-independent or supported accommodation, not a children's home",
    "K1": "Secure children's home",
    "K2": "Children's home subject to the Children's Homes Regulations",
    "R1": "Residential care home",
    "R2": "NHS or health trust establishment providing medical or nursing care",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution or prison",
    "S1": "Residential school, not also registered as a children's home",
    "Z1": "Other placement",
}
MAX_LOCATION = 200
MAX_CONTACT = 300


@dataclass
class Change:
    """What a change by hand did, or (``problems``, by form field) why it did nothing."""

    child: Child | None = None
    problems: dict[str, str] = field(default_factory=dict)
    created: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _child(child_ref: str, change: Change) -> Child | None:
    ref = (child_ref or "").strip()
    if not ref:
        change.problems["child_ref"] = _l("Child's case number is empty")
        return None
    child = db.session.scalar(db.select(Child).filter_by(child_ref=ref))
    if child is None:
        change.problems["child_ref"] = _l(
            "No child has the case number %(ref)s in My Say: check the number, or add the child "
            "with their review first",
            ref=ref[:64],
        )
    return child


def move_placement(
    child_ref: str,
    starts_on: str,
    placement_type: str,
    location: str | None,
    contact: str | None,
    *,
    by: User,
    today: date | None = None,
) -> Change:
    """Record that the child moved to a new placement on ``starts_on``; all or nothing.

    The same child and start date again corrects that move instead of adding another. A new
    placement contact, when given, replaces the one on the child's record (who to ring).
    """
    today = today or date.today()
    change = Change()
    child = _child(child_ref, change)
    day = None
    text = (starts_on or "").strip()
    if not text:
        change.problems["starts_on"] = _l("Start date is empty")
    else:
        try:
            day = read_date(str(_l("Start date")), text)
        except ValueError as bad:
            change.problems["starts_on"] = str(bad)
    if day is not None and day > today:
        change.problems["starts_on"] = _l(
            "Start date %(day)s is in the future: record a move once it has happened",
            day=day.isoformat(),
        )
    elif day is not None and child is not None and day < child.date_of_birth:
        change.problems["starts_on"] = _l(
            "Start date %(day)s is before the child's date of birth %(born)s",
            day=day.isoformat(),
            born=child.date_of_birth.isoformat(),
        )
    code = (placement_type or "").strip().upper()
    if not code:
        change.problems["placement_type"] = _l("Choose the placement type")
    elif code not in PLACEMENT_TYPES:
        change.problems["placement_type"] = _l(
            "Placement type '%(code)s' is not one of the 903 placement types", code=code[:10]
        )
    where = " ".join((location or "").split()) or None
    if where and len(where) > MAX_LOCATION:
        change.problems["location"] = _l("Write at most %(max)d characters", max=MAX_LOCATION)
    ring = (contact or "").strip() or None
    if ring and len(ring) > MAX_CONTACT:
        change.problems["contact"] = _l("Write at most %(max)d characters", max=MAX_CONTACT)
    if not change.ok or child is None or day is None:
        return change
    change.child = child
    placement = next((p for p in child.placements if p.starts_on == day), None)
    if placement is None:
        placement = Placement(child=child, starts_on=day)
        db.session.add(placement)
        change.created = True
    placement.placement_type = code
    placement.location = where
    placement.recorded_by_id = by.id
    if ring:
        child.placement_contact = ring
    # The audit says what changed, not where the child now lives.
    record(
        "placement move recorded" if change.created else "placement move corrected",
        user=by,
        child=child,
        detail=f"{code} from {day.isoformat()}",
    )
    return change


def active_iros() -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == Role.IRO, User.active.is_(True))
            .order_by(User.name, User.id)
        )
    )


def change_iro(child_ref: str, iro_email: str, *, by: User) -> Change:
    """Give one child a new IRO (an active IRO), or say in plain words why not."""
    change = Change()
    child = _child(child_ref, change)
    email = (iro_email or "").strip().lower()
    iro = None
    if not email:
        change.problems["iro_email"] = _l("Choose the child's new IRO")
    else:
        iro = db.session.scalar(db.select(User).where(db.func.lower(User.email) == email))
        if iro is None or iro.role != Role.IRO or not iro.active:
            change.problems["iro_email"] = _l(
                "%(email)s is not an IRO who can sign in to My Say: choose an active IRO",
                email=email[:254],
            )
            iro = None
    if child is not None and iro is not None and child.iro_id == iro.id:
        change.problems["iro_email"] = _l(
            "%(name)s is already this child's IRO, so nothing changed", name=iro.name
        )
    if not change.ok or child is None or iro is None:
        return change
    before = child.iro
    child.iro_id = iro.id
    change.child = child
    record(
        "IRO changed",
        user=by,
        child=child,
        detail=f"from {before.email if before else 'no IRO'} to {iro.email}",
    )
    return change
