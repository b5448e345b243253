"""Regulation 33 due dates for many reviews at once, for the timeliness report.

The same rules as :mod:`app.domain.reviews.timescales` (which stays the reference, one date at a time), in
numpy: a national year has 200,000 reviews, and one Python call per child took seconds.
``tests/test_report_timescales.py`` checks both agree on thousands of random dates.
"""

from __future__ import annotations

from functools import lru_cache

import holidays
import numpy as np
import pandas as pd

from app.domain.reviews.timescales import (
    FIRST_REVIEW_WORKING_DAYS,
    LATER_REVIEW_MONTHS,
    SECOND_REVIEW_MONTHS,
)


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


def due_dates(frame: pd.DataFrame) -> pd.Series:
    """Each review's latest allowed date (``NaT`` when it cannot be known), as
    :func:`app.domain.reviews.timescales.schedule` over each child's reviews in date order.

    ``frame`` has ``child_id``, ``review_date``, ``review_type`` and ``looked_after_on``, and
    holds ALL of each child's reviews up to the latest one wanted; the result shares its index.
    """
    ordered = frame.sort_values(["child_id", "review_date"], kind="stable")
    by_child = ordered.groupby("child_id", sort=False)
    number = by_child.cumcount().to_numpy() + 1
    previous = by_child["review_date"].shift(1).to_numpy(dtype="datetime64[D]")
    # When the first recorded review says it was not the child's first, earlier ones are missing:
    # its own due date is unknown, and the one after it is 6 months on, not the 3 after a first.
    starts = number == 1
    not_first = starts & ordered["review_type"].isin(["second", "subsequent"]).to_numpy()
    missing_earlier = not_first[np.flatnonzero(starts)][np.cumsum(starts) - 1]
    due = np.full(len(ordered), np.datetime64("NaT"), dtype="datetime64[D]")

    later = number > 1
    months = np.where((number == 2) & ~missing_earlier, SECOND_REVIEW_MONTHS, LATER_REVIEW_MONTHS)
    due[later] = add_months(previous[later], months[later])

    looked_after = ordered["looked_after_on"].to_numpy(dtype="datetime64[D]")
    first = (number == 1) & ~missing_earlier & ~np.isnat(looked_after)
    due[first] = add_working_days(looked_after[first], FIRST_REVIEW_WORKING_DAYS)
    return pd.Series(due, index=ordered.index).reindex(frame.index)
