"""What My Say recorded, back out in the shapes the council's case system and returns take.

**903-reviews** — the DfE SSDA903 Reviews table: ``CHILD, DOB, REVIEW, REVIEW_CODE``, dates
dd/mm/yyyy, one row per review in the range, code empty where none is recorded; imported again
it gives back the same reviews.

**ssd-cla-reviews** — data-to-insight's SSD ``ssd_cla_reviews`` columns, then ``mysay_venue`` (the
venue recorded in My Say, which the SSD table has no column for; the SSD import reads it back).
``clar_cla_id`` is the child's reference (see :mod:`app.domain.imports.ssd`); a review after today
with no code is an upcoming one: its date goes in ``clar_cla_review_due_date`` only.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.domain.reports import frames
from app.domain.reports.table import Report
from app.extensions import db
from app.models import Child, Review

TITLES = {
    "903-reviews": _l("SSDA903 Reviews file"),
    "ssd-cla-reviews": _l("SSD ssd_cla_reviews rows"),
}
DESCRIPTIONS = {
    "903-reviews": _l(
        "Participation codes as the 903 return's Reviews table, for the case system."
    ),
    "ssd-cla-reviews": _l("Codes and venues as Standard Safeguarding Dataset review rows."),
}
SSD_COLUMNS = [
    "clar_cla_review_id",
    "clar_cla_id",
    "clar_cla_review_due_date",
    "clar_cla_review_date",
    "clar_cla_review_cancelled",
    "clar_cla_review_participation",
    "mysay_venue",
]


def _reviews(date_from: date, date_to: date):
    # Both returns list the same reviews: inside the pack they are read once a year.
    return frames.cached(("returns", date_from, date_to), lambda: _read(date_from, date_to))


def _read(date_from: date, date_to: date):
    return db.session.execute(
        db.select(
            Review.id,
            Child.child_ref,
            Child.date_of_birth,
            Review.review_date,
            Review.participation_code,
            Review.venue,
        )
        .join(Child, Review.child_id == Child.id)
        .where(Review.review_date.between(date_from, date_to))
        .order_by(Child.child_ref, Review.review_date)
    ).all()


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def dump_903_reviews(date_from: date, date_to: date) -> Report:
    report = Report(
        "903-reviews",
        str(TITLES["903-reviews"]),
        date_from,
        date_to,
        ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    )
    report.rows = [
        [row.child_ref, _dmy(row.date_of_birth), _dmy(row.review_date), row.participation_code]
        for row in _reviews(date_from, date_to)
    ]
    return report


def dump_ssd_cla_reviews(date_from: date, date_to: date) -> Report:
    report = Report(
        "ssd-cla-reviews", str(TITLES["ssd-cla-reviews"]), date_from, date_to, list(SSD_COLUMNS)
    )
    today = date.today()
    for row in _reviews(date_from, date_to):
        upcoming = row.review_date > today and not row.participation_code
        day = row.review_date.isoformat()
        report.rows.append(
            [
                f"MYSAY-{row.id}",
                row.child_ref,
                day if upcoming else None,
                None if upcoming else day,
                "N",
                row.participation_code,
                row.venue,
            ]
        )
    return report
