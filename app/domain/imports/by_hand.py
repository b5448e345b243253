"""One child's review entered by hand: the same checks and the same writing as an import.

A manager types what one row of the review-records file would hold; it goes through the contract's
checks (real dates, PN0 to PN7, a known venue, an IRO who can sign in) and the import's writer, so
a review entered by hand and the same review imported later are one review, and the child's
team and IRO change the same way they would from a file.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.domain.imports.contract_csv import KNOWN
from app.domain.imports.reader import import_table
from app.domain.imports.rows import ImportResult
from app.domain.imports.table import ISO, Table


def record_review(values: dict[str, str | None]) -> ImportResult:
    """Add or update the review ``values`` describe (contract column names); all or nothing."""
    table = Table(
        kind="by-hand",
        label=_("Entered by hand"),
        columns={name: index for index, name in enumerate(KNOWN)},
        records=[(1, [(values.get(name) or "").strip() for name in KNOWN])],
        labels={
            "child_ref": _("Child's case number"),
            "date_of_birth": _("Date of birth"),
            "review_date": _("Review date"),
            "first_name": _("First name"),
            "team": _("Team"),
        },
        dates=ISO,
        repeats_allowed=False,
    )
    return import_table(table, ImportResult(), numbered=False)
