"""Regulation 33 timeliness for many reviews at once, counted by the database.

The same rules as :mod:`app.domain.reviews.timescales` (which stays the reference, one date at a
time). A national year has 200,000 reviews; reading each one to follow its child's chain of due
dates took seconds, so the database follows the chain instead, with window functions (SQLite
3.25 and PostgreSQL alike): each review's number in its child's history, the review before it,
and the type of the child's first recorded one. From those, a later review's due date is a whole
number of months after the one before, which SQL can compare without building the date (see
:func:`_in_time`). Only a child's first review is due a number of WORKING days after becoming
looked after, which needs England's bank holidays: those come back grouped by (team, day looked
after, review day), a few rows, and numpy dates them. ``tests/test_pack_timeliness.py`` checks the
counts against :func:`app.domain.reviews.timescales.schedule`, child by child.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays
import numpy as np
import pandas as pd
from sqlalchemy import Integer, case, func, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.domain.reports import frames
from app.domain.reviews.timescales import (
    FIRST_REVIEW_WORKING_DAYS,
    LATER_REVIEW_MONTHS,
    SECOND_REVIEW_MONTHS,
)
from app.extensions import db
from app.models import Child, Review, Team

# A review whose first recorded one says it was not the child's first: earlier ones are missing.
NOT_FIRST_TYPES = ("second", "subsequent")
TIMELINESS_COLUMNS = [
    "range",
    "team",
    "looked_after_on",
    "review_date",
    "reviews",
    "on_time",
    "late",
]


@lru_cache(maxsize=16)
def _calendar(first_year: int, last_year: int) -> np.busdaycalendar:
    # Monday to Friday, less England's bank holidays (the same source as timescales.py).
    days = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return np.busdaycalendar(holidays=np.array(sorted(days), dtype="datetime64[D]"))


def add_working_days(start: np.ndarray, days: int) -> np.ndarray:
    """Like :func:`app.domain.reviews.timescales.add_working_days` for an array of ``datetime64[D]``."""
    if start.size == 0 or days == 0:
        # Day 0 is ``start`` itself, working day or not.
        return start.astype("datetime64[D]")
    years = start.astype("datetime64[Y]").astype(int) + 1970
    # A year more than the last start: 20 working days from late December end in January.
    calendar = _calendar(int(years.min()), int(years.max()) + 1)
    # Counting starts on the day after ``start``: a start on a weekend or a bank holiday counts
    # from the next working day as day 1, which is what rolling BACK to the working day before it
    # and then adding gives (rolling forward would count that next working day as day 0).
    return np.busday_offset(start, days, roll="backward", busdaycal=calendar)


def add_months(start: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Like :func:`app.domain.reviews.timescales.add_months` for an array of ``datetime64[D]``: the same
    day ``months`` later, or that month's last day when it is shorter."""
    month = start.astype("datetime64[M]")
    day = (start - month.astype("datetime64[D]")).astype(int)  # 0 for the 1st
    target = month + np.asarray(months, dtype="timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(int)
    return target.astype("datetime64[D]") + np.minimum(day, length - 1).astype("timedelta64[D]")


class month_number(FunctionElement):  # noqa: N801 (an SQL function, named like one)
    """``month_number(day)``: year * 12 + month of a date, so that months can be subtracted."""

    type = Integer()
    inherit_cache = True
    name = "month_number"


class day_of_month(FunctionElement):  # noqa: N801
    """``day_of_month(day)``: 1 to 31."""

    type = Integer()
    inherit_cache = True
    name = "day_of_month"


@compiles(month_number)
def _month_number(element, compiler, **kw) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(YEAR FROM {day}) * 12 + EXTRACT(MONTH FROM {day}) AS INTEGER)"


@compiles(day_of_month)
def _day_of_month(element, compiler, **kw) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(EXTRACT(DAY FROM {day}) AS INTEGER)"


# SQLite keeps a date as ISO text, "2024-04-01": its parts are read where they stand.
@compiles(month_number, "sqlite")
def _month_number_sqlite(element, compiler, **kw) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST(substr({day}, 1, 4) AS INTEGER) * 12 + CAST(substr({day}, 6, 2) AS INTEGER))"


@compiles(day_of_month, "sqlite")
def _day_of_month_sqlite(element, compiler, **kw) -> str:
    (day,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(substr({day}, 9, 2) AS INTEGER)"


def _in_time(held, previous, months):
    """Whether ``held`` is no later than ``months`` after ``previous`` (the same day of the month,
    or the month's last day when it is shorter): a month before the one it is due in is in time
    whatever the day; in that month, a day up to ``previous``'s is (a shorter month's last day is
    always one, since it cannot be later than ``previous``'s)."""
    apart = month_number(held) - month_number(previous)
    return (apart < months) | ((apart == months) & (day_of_month(held) <= day_of_month(previous)))


def _timeliness_query(ranges: tuple[tuple[date, date], ...]):
    """How many reviews in each of ``ranges`` (``range``, its place) each team had (by name; None
    when none), and how many were on time and late; a child's first review with the day they
    became looked after known is counted in neither, but given by its ``looked_after_on`` and
    ``review_date`` (its due date needs working days); NULL in both for the others. Columns
    ``TIMELINESS_COLUMNS``.

    Each review is placed in ALL of its child's reviews up to the end of the ranges, so a review
    before a range still sets the due date of the next one (a later one changes nothing)."""
    where, place = frames.range_of(Review.review_date, ranges)
    children = db.select(Review.child_id).where(where)
    order = {"partition_by": Review.child_id, "order_by": Review.review_date}
    history = (
        db.select(
            Review.child_id,
            Review.team_id,
            Review.review_date,
            place.label("place"),
            # Only whether a review is its child's first, second or a later one matters, and
            # the one before it: cheaper windows than numbering them (and the type of the
            # child's first review is the type of the one before the second).
            func.lag(Review.review_date).over(**order).label("previous"),
            func.lag(Review.review_date, 2).over(**order).label("before_previous"),
            func.lag(Review.review_type).over(**order).label("previous_type"),
            Review.review_type,
        )
        .where(Review.child_id.in_(children), Review.review_date <= max(last for _, last in ranges))
        .subquery("history")
    )
    held, previous = history.c.review_date, history.c.previous
    is_first = previous.is_(None)
    is_second = previous.is_not(None) & history.c.before_previous.is_(None)
    # A type not recorded is not "not the first" (NULL would make every test below unknown).
    first_type = case((is_first, history.c.review_type), else_=history.c.previous_type)
    missing_earlier = func.coalesce(first_type, "").in_(NOT_FIRST_TYPES)
    months = case((is_second & ~missing_earlier, SECOND_REVIEW_MONTHS), else_=LATER_REVIEW_MONTHS)
    in_time = _in_time(held, previous, months)
    first = is_first & ~missing_earlier & Child.looked_after_on.is_not(None)
    # Grouped by the names of what is selected: on PostgreSQL, the same CASE written twice with
    # its dates as parameters would not be seen as the same expression. By the team's id, not
    # its name: numbers are quicker to group, and the 40 names are joined to the few rows after.
    groups = {
        "timely_range": history.c.place,
        "timely_team": history.c.team_id,
        "timely_looked_after": case((first, Child.looked_after_on)),
        "timely_first_held": case((first, held)),
    }
    counted = (
        db.select(
            *(column.label(name) for name, column in groups.items()),
            func.count().label("reviews"),
            func.sum(case((~is_first & in_time, 1), else_=0)).label("on_time"),
            func.sum(case((~is_first & ~in_time, 1), else_=0)).label("late"),
        )
        .select_from(history)
        .outerjoin(Child, (Child.id == history.c.child_id) & is_first)
        .where(history.c.place.is_not(None))
        .group_by(*(literal_column(name) for name in groups))
        .subquery("counted")
    )
    c = counted.c
    return (
        db.select(
            c.timely_range,
            Team.name,
            c.timely_looked_after,
            c.timely_first_held,
            c.reviews,
            c.on_time,
            c.late,
        )
        .select_from(counted)
        .outerjoin(Team, Team.id == c.timely_team)
    )


def timeliness_counts(date_from: date, date_to: date) -> pd.DataFrame:
    """The reviews in range, counted by team (by name; None when none), with how many were on
    time and how many late (neither when not known): columns ``team``, ``reviews``, ``on_time``,
    ``late``; a team may have several rows."""

    def load(ranges) -> pd.DataFrame:
        counted = frames.read(_timeliness_query(ranges), TIMELINESS_COLUMNS)
        first = counted["looked_after_on"].notna()
        # A child's first review is due 20 working days after becoming looked after.
        due = add_working_days(
            frames.when(counted.loc[first, "looked_after_on"]).to_numpy(dtype="datetime64[D]"),
            FIRST_REVIEW_WORKING_DAYS,
        )
        held = frames.when(counted.loc[first, "review_date"]).to_numpy(dtype="datetime64[D]")
        reviews = counted.loc[first, "reviews"]
        counted.loc[first, "on_time"] += reviews.where(held <= due, 0)
        counted.loc[first, "late"] += reviews.where(held > due, 0)
        return counted[["range", "team", "reviews", "on_time", "late"]]

    return frames.by_range(("timeliness",), date_from, date_to, load)
