"""The booklets report: how many children were invited to give their views, and how many did.

**booklets** — columns ``Group, Name, Invited, Opened, Sent, Completion %, Median days sent before
review``. Rows come in four groups, each sorted by name with ``Not recorded`` last, then one
``Total`` row (its Name empty):

- ``Team``: the team of the review (``Not recorded`` when the review has none);
- ``IRO``: the child's IRO as recorded now (``Not recorded`` when none);
- ``Band``: the booklet's slug (``little``, ``middle``, ``teen``…);
- ``Language``: the language the link was made in (``en``, ``pl``…).

Counted: links for the child (not carers or parents) to a review whose date is in range; links
that were stopped are left out (a new link replaced them), and so are "after my review" booklets
(FEEDBACK_SLUGS), which are not a consultation before the review; the feedback report counts
them. Opened = the child opened the link (or sent it); Sent = the child sent their answers;
Completion % = Sent ÷ Invited. Median days sent before review = the median of (review date − day
sent) over the booklets sent, one decimal (negative when sent after the review); empty when none.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from flask_babel import lazy_gettext as _l

from app.domain.participation import percent
from app.domain.report_table import NOT_RECORDED, TOTAL, Cell, Report
from app.extensions import db
from app.models import BookletVersion, Child, Invitation, Review, Team, User

FEEDBACK_SLUGS = frozenset({"after"})
TITLES = {"booklets": _l("Booklets sent and completed")}
DESCRIPTIONS = {
    "booklets": _l(
        "Booklets invited, opened and sent, by team, IRO, band and language, "
        "and how long before the review they were sent."
    )
}
COLUMNS = [
    "Group",
    "Name",
    "Invited",
    "Opened",
    "Sent",
    "Completion %",
    "Median days sent before review",
]
GROUPS = (("Team", "team"), ("IRO", "iro"), ("Band", "band"), ("Language", "language"))


def consultation_invitations(date_from: date, date_to: date) -> pd.DataFrame:
    """The children's consultation links that count, one row each, read with one query."""
    query = (
        db.select(
            Team.name.label("team"),
            User.name.label("iro"),
            BookletVersion.slug.label("band"),
            Invitation.language,
            Invitation.opened_at,
            Invitation.submitted_at,
            Review.review_date,
        )
        .join(Review, Invitation.review_id == Review.id)
        .join(Child, Review.child_id == Child.id)
        .join(BookletVersion, Invitation.booklet_version_id == BookletVersion.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .outerjoin(User, Child.iro_id == User.id)
        .where(
            Review.review_date.between(date_from, date_to),
            Invitation.respondent == "child",
            Invitation.revoked_at.is_(None),
            BookletVersion.slug.not_in(FEEDBACK_SLUGS),
        )
    )
    return pd.DataFrame(
        db.session.execute(query).all(),
        columns=["team", "iro", "band", "language", "opened_at", "submitted_at", "review_date"],
    )


def _median_days(part: pd.DataFrame) -> Decimal | None:
    sent = part[part["submitted_at"].notna()]
    if sent.empty:
        return None
    days = [
        (review - pd.Timestamp(submitted).date()).days
        for review, submitted in zip(sent["review_date"], sent["submitted_at"], strict=True)
    ]
    median = pd.Series(days).median()
    return Decimal(str(median)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _row(group: str, name: str, part: pd.DataFrame) -> list[Cell]:
    invited = len(part)
    opened = int((part["opened_at"].notna() | part["submitted_at"].notna()).sum())
    sent = int(part["submitted_at"].notna().sum())
    return [group, name, invited, opened, sent, percent(sent, invited), _median_days(part)]


def dump_booklets(date_from: date, date_to: date) -> Report:
    frame = consultation_invitations(date_from, date_to)
    rows: list[list[Cell]] = []
    for group, column in GROUPS:
        missing = frame[column].isna()
        names = sorted(frame.loc[~missing, column].unique(), key=str.casefold)
        rows.extend(_row(group, name, frame[frame[column] == name]) for name in names)
        if missing.any():
            rows.append(_row(group, NOT_RECORDED, frame[missing]))
    rows.append(_row(TOTAL, "", frame))
    return Report(
        "booklets",
        str(TITLES["booklets"]),
        date_from,
        date_to,
        list(COLUMNS),
        rows,
        percent_columns=frozenset({5}),
        numerators={5: 4, 6: 4},
    )
