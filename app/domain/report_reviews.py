"""The review-record reports: the four public-contract tables, and timeliness.

Each is a small ``dump_*`` function taking the first and last review dates, both included, and
returning a :class:`~app.domain.report_table.Report`. The contract tables' labels are fixed by
``/work/shared/domain.md`` and must not change by a byte.

**timeliness** — columns ``Team, Reviews, On time, Late, Not known, % on time (of known)``; one row
per team of the review by name (``Not recorded`` for reviews with no team), then ``Total``. Each
review's latest allowed date comes from regulation 33 (:func:`app.domain.timescales.schedule`) over
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

from app.domain.participation import (
    CODES,
    PARTICIPATED,
    VENUES,
    participation_rate,
    percent,
)
from app.domain.report_table import NOT_RECORDED, TOTAL, Cell, Report
from app.domain.timescales import next_review_due, schedule
from app.extensions import db
from app.models import Child, Review, Team

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


def _reviews(date_from: date, date_to: date) -> pd.DataFrame:
    """The reviews in range, both ends included, read with one query."""
    query = (
        db.select(
            Team.name.label("team"),
            Review.participation_code.label("code"),
            Review.venue,
            Review.review_date,
            Review.child_last_seen_by_iro.label("last_seen"),
        )
        .outerjoin(Team, Review.team_id == Team.id)
        .where(Review.review_date.between(date_from, date_to))
    )
    return pd.DataFrame(
        db.session.execute(query).all(),
        columns=["team", "code", "venue", "review_date", "last_seen"],
    )


def _count(series: pd.Series, labels) -> dict[str, int]:
    counts = series.value_counts(dropna=True)
    return {label: int(counts.get(label, 0)) for label in labels}


def dump_participation_by_team(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    columns = ["Team", *CODES, NOT_RECORDED, TOTAL]
    report = Report(
        "participation-by-team",
        str(TITLES["participation-by-team"]),
        date_from,
        date_to,
        columns,
    )
    frame["code"] = frame["code"].fillna(NOT_RECORDED)
    no_team = frame["team"].isna()

    def row(label: str, part: pd.DataFrame) -> list[Cell]:
        counts = _count(part["code"], [*CODES, NOT_RECORDED])
        return [label, *counts.values(), len(part)]

    teams = sorted(frame.loc[~no_team, "team"].unique(), key=str.casefold)
    report.rows = [row(team, frame[frame["team"] == team]) for team in teams]
    if no_team.any():
        report.rows.append(row(NOT_RECORDED, frame[no_team]))
    report.rows.append(row(TOTAL, frame))
    return report


def dump_participation_summary(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    counts = _count(frame["code"], CODES)
    report = Report(
        "participation-summary",
        str(TITLES["participation-summary"]),
        date_from,
        date_to,
        ["Measure", "Value"],
        percent_columns=frozenset({1}),
    )
    report.rows = [
        ["Reviews", len(frame)],
        ["PN0", counts["PN0"]],
        ["PN1 to PN6", sum(counts[code] for code in PARTICIPATED)],
        ["PN7", counts["PN7"]],
        [NOT_RECORDED, int(frame["code"].isna().sum())],
        ["Participation rate %", participation_rate(counts)],
    ]
    # The rate is worked out from the reviews coded PN1 to PN7, so those decide if it can be shown.
    report.bases = {5: sum(counts[code] for code in (*PARTICIPATED, "PN7"))}
    return report


def _with_percentages(labelled: list[tuple[str, int]], total: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[label, n, percent(n, total)] for label, n in labelled]
    rows.append([TOTAL, total, percent(total, total)])
    return rows


def dump_venue(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    counts = _count(frame["venue"], VENUES)
    labelled = [(venue.capitalize(), n) for venue, n in counts.items()]
    labelled.append((NOT_RECORDED, int(frame["venue"].isna().sum())))
    return Report(
        "venue",
        str(TITLES["venue"]),
        date_from,
        date_to,
        ["Venue", "Number", "%"],
        _with_percentages(labelled, len(frame)),
        percent_columns=frozenset({2}),
    )


def dump_iro_contact(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    days = pd.Series(
        [
            None if pd.isna(seen) else (review - seen).days
            for review, seen in zip(frame["review_date"], frame["last_seen"], strict=True)
        ],
        dtype="Float64",
    )
    # A visit dated after the review cannot be banded; imports refuse it, and it counts as
    # not recorded if it ever arrives another way.
    labelled = [
        (label, int(days.between(low, high).sum())) for label, low, high in IRO_CONTACT_BANDS
    ]
    labelled.append((NOT_RECORDED, len(frame) - sum(n for _, n in labelled)))
    return Report(
        "iro-contact",
        str(TITLES["iro-contact"]),
        date_from,
        date_to,
        ["Last seen by IRO", "Number", "%"],
        _with_percentages(labelled, len(frame)),
        percent_columns=frozenset({2}),
    )


def _timeliness_frame(date_from: date, date_to: date) -> pd.DataFrame:
    """Every review of every child with a review in range, and whether each was on time."""
    in_range = db.select(Review.child_id).where(Review.review_date.between(date_from, date_to))
    query = (
        db.select(
            Review.child_id,
            Review.review_date,
            Review.review_type,
            Team.name.label("team"),
            Child.looked_after_on,
        )
        .join(Child, Review.child_id == Child.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(Review.child_id.in_(in_range))
        .order_by(Review.child_id, Review.review_date)
    )
    rows = []
    for _child_id, reviews in _by_child(db.session.execute(query).all()):
        held, _next = schedule(reviews[0].looked_after_on, [r.review_date for r in reviews])
        due = [h.due_by for h in held]
        if reviews[0].review_type in ("second", "subsequent"):
            # Earlier reviews are missing, so the first one's due date cannot be known, and the
            # one after it is at most 6 months later, not the 3 that follow a first review.
            due[0] = None
            if len(reviews) > 1:
                due[1] = next_review_due(reviews[0].review_date, 2)
        for review, due_by in zip(reviews, due, strict=True):
            if date_from <= review.review_date <= date_to:
                on_time = None if due_by is None else review.review_date <= due_by
                rows.append((review.team, on_time))
    return pd.DataFrame(rows, columns=["team", "on_time"])


def _by_child(rows):
    current, group = None, []
    for row in rows:
        if group and row.child_id != current:
            yield current, group
            group = []
        current = row.child_id
        group.append(row)
    if group:
        yield current, group


def dump_timeliness(date_from: date, date_to: date) -> Report:
    frame = _timeliness_frame(date_from, date_to)
    no_team = frame["team"].isna()

    def row(label: str, part: pd.DataFrame) -> list[Cell]:
        on_time = int((part["on_time"] == True).sum())  # noqa: E712 (None is neither)
        late = int((part["on_time"] == False).sum())  # noqa: E712
        unknown = len(part) - on_time - late
        return [label, len(part), on_time, late, unknown, percent(on_time, on_time + late)]

    teams = sorted(frame.loc[~no_team, "team"].unique(), key=str.casefold)
    rows = [row(team, frame[frame["team"] == team]) for team in teams]
    if no_team.any():
        rows.append(row(NOT_RECORDED, frame[no_team]))
    rows.append(row(TOTAL, frame))
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
