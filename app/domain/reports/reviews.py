"""The review-record reports: the four public-contract tables, and timeliness.

Each is a small ``dump_*`` function taking the first and last review dates, both included, and
returning a :class:`~app.domain.reports.table.Report`. The contract tables' labels are fixed by
``/work/shared/domain.md`` and must not change by a byte. Teams are labelled by
:func:`app.domain.reports.counts.team_or_none` in every report by team: a team named "Not
recorded" counts with the reviews that have none, and a team named "Total" is ``Total (team)``, so
that ``Total`` labels the grand total alone.

**timeliness** — columns ``Team, Reviews, On time, Late, Not known, % on time (of known)``; one row
per team of the review by name (``Not recorded`` for reviews with no team), then ``Total``. Each
review's latest allowed date comes from regulation 33 (:func:`app.domain.reviews.timescales.schedule`) over
ALL of the child's recorded reviews in date order, so a review before the range still sets the due
date of the next one. A review is "Not known" when its due date cannot be worked out: the child's
first recorded review when the date the child became looked after is not known, or when that
review's type says it was not the child's first (``second`` or ``subsequent``: earlier reviews are
missing from the records). % on time is of the reviews whose timeliness is known; empty when none.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from flask_babel import lazy_gettext as _l

from app.domain.reports import counts
from app.domain.reports.table import NOT_RECORDED, TOTAL, Cell, Report
from app.domain.reports.timescales import timeliness_counts
from app.domain.reviews.participation import (
    CODES,
    PARTICIPATED,
    VENUES,
    participation_rate,
    percent,
)

TITLES = {
    "participation-by-team": _l("Participation code by team"),
    "participation-summary": _l("Participation in reviews"),
    "venue": _l("Where reviews were held"),
    "iro-contact": _l("When the IRO last saw the child"),
    "timeliness": _l("Reviews held on time"),
}
DESCRIPTIONS = {
    "participation-by-team": _l("Reviews by team and participation code, PN0 to PN7."),
    "participation-summary": _l("The participation rate: PN1 to PN6 out of PN1 to PN7."),
    "venue": _l("How many reviews were held at each kind of place."),
    "iro-contact": _l("How long before the review the IRO last saw the child."),
    "timeliness": _l("Reviews held within the regulation 33 timescales, by team."),
}
TIMELINESS_COLUMNS = ["Team", "Reviews", "On time", "Late", "Not known", "% on time (of known)"]

IRO_CONTACT_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Same day as review", 0, 0),
    ("Within 1 week of review", 1, 7),
    ("Within 1 month of review", 8, 31),
    ("Within 3 months of review", 32, 92),
    ("Over 3 months since last seen", 93, 10**6),
)


def _teams(team: pd.Series) -> list[str]:
    """The teams named in ``team``, sorted by name whatever the case (first seen first on a tie)."""
    return sorted(team.dropna().unique(), key=str.casefold)


def _counted(date_from: date, date_to: date) -> pd.DataFrame:
    """The reviews in range, counted by team, code, venue and IRO contact band."""
    return counts.review_counts(date_from, date_to, IRO_CONTACT_BANDS)


def _in(found: dict, labels) -> dict[str, int]:
    return {label: int(found.get(label, 0)) for label in labels}


def dump_participation_by_team(date_from: date, date_to: date) -> Report:
    counted = _counted(date_from, date_to)
    labels = [*CODES, NOT_RECORDED]
    report = Report(
        "participation-by-team",
        str(TITLES["participation-by-team"]),
        date_from,
        date_to,
        ["Team", *labels, TOTAL],
    )
    counted = counts.team_or_none(counted).assign(code=counted["code"].fillna(NOT_RECORDED))
    no_team = counted["team"].isna()
    # A code outside PN0 to PN7 has no column, and counts in no cell (nor in the row's total).
    table = counted.groupby(["team", "code"])["number"].sum().unstack(fill_value=0)
    table = table.reindex(columns=labels, fill_value=0)

    def row(label: str, cells) -> list[Cell]:
        cells = [int(n) for n in cells]
        return [label, *cells, sum(cells)]

    report.rows = [row(team, table.loc[team]) for team in _teams(counted["team"])]
    if no_team.any():
        report.rows.append(
            row(NOT_RECORDED, _in(counts.sums(counted[no_team], "code"), labels).values())
        )
    report.rows.append(row(TOTAL, _in(counts.sums(counted, "code"), labels).values()))
    return report


def dump_participation_summary(date_from: date, date_to: date) -> Report:
    counted = _counted(date_from, date_to)
    by_code = _in(counts.sums(counted, "code"), CODES)
    reviews = int(counted["number"].sum())
    report = Report(
        "participation-summary",
        str(TITLES["participation-summary"]),
        date_from,
        date_to,
        ["Measure", "Value"],
        percent_columns=frozenset({1}),
    )
    report.rows = [
        ["Reviews", reviews],
        ["PN0", by_code["PN0"]],
        ["PN1 to PN6", sum(by_code[code] for code in PARTICIPATED)],
        ["PN7", by_code["PN7"]],
        [NOT_RECORDED, int(counted.loc[counted["code"].isna(), "number"].sum())],
        ["Participation rate %", participation_rate(by_code)],
    ]
    # The rate is worked out from the reviews coded PN1 to PN7, so those decide if it can be shown.
    report.bases = {5: sum(by_code[code] for code in (*PARTICIPATED, "PN7"))}
    return report


def _with_percentages(labelled: list[tuple[str, int]], total: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[label, n, percent(n, total)] for label, n in labelled]
    rows.append([TOTAL, total, percent(total, total)])
    return rows


def dump_venue(date_from: date, date_to: date) -> Report:
    counted = _counted(date_from, date_to)
    by_venue = _in(counts.sums(counted, "venue"), VENUES)
    labelled = [(venue.capitalize(), n) for venue, n in by_venue.items()]
    labelled.append((NOT_RECORDED, int(counted.loc[counted["venue"].isna(), "number"].sum())))
    return Report(
        "venue",
        str(TITLES["venue"]),
        date_from,
        date_to,
        ["Venue", "Number", "%"],
        _with_percentages(labelled, int(counted["number"].sum())),
        percent_columns=frozenset({2}),
    )


def dump_iro_contact(date_from: date, date_to: date) -> Report:
    counted = _counted(date_from, date_to)
    by_band = counts.sums(counted, "band")
    # A visit dated after the review cannot be banded; imports refuse it, and it counts as
    # not recorded if it ever arrives another way.
    labelled = [
        (label, int(by_band.get(band, 0))) for band, (label, _, _) in enumerate(IRO_CONTACT_BANDS)
    ]
    total = int(counted["number"].sum())
    labelled.append((NOT_RECORDED, total - sum(n for _, n in labelled)))
    return Report(
        "iro-contact",
        str(TITLES["iro-contact"]),
        date_from,
        date_to,
        ["Last seen by IRO", "Number", "%"],
        _with_percentages(labelled, total),
        percent_columns=frozenset({2}),
    )


def dump_timeliness(date_from: date, date_to: date) -> Report:
    frame = counts.team_or_none(timeliness_counts(date_from, date_to))
    no_team = frame["team"].isna()
    figures = frame[["reviews", "on_time", "late"]]
    by_team = figures[~no_team].groupby(frame.loc[~no_team, "team"], sort=False).sum()

    def row(label: str, sums) -> list[Cell]:
        reviews, on_time, late = (int(n) for n in sums)
        unknown = reviews - on_time - late
        return [label, reviews, on_time, late, unknown, percent(on_time, on_time + late)]

    rows = [row(team, by_team.loc[team]) for team in _teams(frame["team"])]
    if no_team.any():
        rows.append(row(NOT_RECORDED, figures[no_team].sum()))
    rows.append(row(TOTAL, figures.sum()))
    return Report(
        "timeliness",
        str(TITLES["timeliness"]),
        date_from,
        date_to,
        list(TIMELINESS_COLUMNS),
        rows,
        percent_columns=frozenset({5}),
        numerators={5: 2},
    )
