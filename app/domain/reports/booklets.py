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
(``report_frames.FEEDBACK_SLUGS``), which are not a consultation before the review; the feedback report counts
them. Opened = the child opened the link (or sent it); Sent = the child sent their answers;
Completion % = Sent ÷ Invited. Median days sent before review = the median of (review date − day
sent) over the booklets sent, one decimal (negative when sent after the review); empty when none.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from flask_babel import lazy_gettext as _l

from app.domain.reports import counts
from app.domain.reports.table import NOT_RECORDED, TOTAL, Cell, Report
from app.domain.reviews.participation import percent

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
PACK_GROUPS = tuple(group for group in GROUPS if group[0] != "IRO")


def _summary(counted: pd.DataFrame) -> dict:
    return {
        "invited": counted["number"].sum(),
        "opened": (counted["opened"] * counted["number"]).sum(),
        "sent": (counted["sent"] * counted["number"]).sum(),
        "days": counts.median_days(counted),
    }


def _row(group: str, name: str, summary) -> list[Cell]:
    invited, opened, sent = int(summary["invited"]), int(summary["opened"]), int(summary["sent"])
    median = summary["days"]
    # The median of the sent ones only: the others have no days (NaN), which median() skips.
    days = None if pd.isna(median) else Decimal(str(median)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return [group, name, invited, opened, sent, percent(sent, invited), days]


def dump_booklets(date_from: date, date_to: date, *, groups=GROUPS) -> Report:
    by_iro = any(column == "iro" for _, column in groups)
    counted = counts.team_or_none(counts.link_counts(date_from, date_to, by_iro=by_iro))
    rows: list[list[Cell]] = []
    for group, column in groups:
        missing = counted[column].isna()
        named = counted[~missing]
        names = sorted(named[column].unique(), key=str.casefold)
        by_name = {name: _summary(part) for name, part in named.groupby(column, sort=False)}
        rows.extend(_row(group, name, by_name[name]) for name in names)
        if missing.any():
            rows.append(_row(group, NOT_RECORDED, _summary(counted[missing])))
    rows.append(_row(TOTAL, "", _summary(counted)))
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


def dump_booklets_for_pack(date_from: date, date_to: date) -> Report:
    """The booklets report without the IRO rows: a board paper does not name staff."""
    return dump_booklets(date_from, date_to, groups=PACK_GROUPS)
