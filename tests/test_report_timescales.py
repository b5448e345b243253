"""The timeliness report's vectorised dates agree with timescales.py, one date at a time (the
whole report against schedule(), child by child, is in test_pack_timeliness.py)."""

import random
from datetime import date, timedelta

import numpy as np
import pandas as pd

from app.domain.reports import timescales as vectorised
from app.domain.reviews import timescales


def _days(dates: list[date]) -> np.ndarray:
    return np.array(dates, dtype="datetime64[D]")


def _dates(array: np.ndarray) -> list[date]:
    return [None if np.isnat(day) else day.astype(date) for day in array]


def _random_days(count: int, seed: int) -> list[date]:
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    return [start + timedelta(days=rng.randrange(0, 16 * 365)) for _ in range(count)]


def test_working_days_agree_on_thousands_of_dates_weekends_and_holidays_included():
    starts = _random_days(3000, seed=1)
    # Bank holidays, the days around them and weekends, where counting is easiest to get wrong.
    starts += [date(2026, 12, d) for d in range(18, 32)] + [date(2027, 3, d) for d in range(20, 31)]
    for days in (0, 1, 5, 20):
        expected = [timescales.add_working_days(start, days) for start in starts]
        assert _dates(vectorised.add_working_days(_days(starts), days)) == expected


def test_first_review_due_over_christmas_as_worked_by_hand():
    # The same case as test_timescales: 14 December 2026 is due by Thursday 14 January 2027;
    # from Saturday 26 December, Monday 28 (Boxing Day observed) does not count either.
    got = vectorised.add_working_days(_days([date(2026, 12, 14), date(2026, 12, 26)]), 20)
    assert _dates(got) == [date(2027, 1, 14), timescales.first_review_due(date(2026, 12, 26))]


def test_months_agree_on_thousands_of_dates_month_ends_included():
    starts = _random_days(3000, seed=2)
    starts += [date(2027, 8, 31), date(2026, 11, 30), date(2028, 2, 29), date(2026, 1, 31)]
    for months in (3, 6):
        expected = [timescales.add_months(start, months) for start in starts]
        assert _dates(vectorised.add_months(_days(starts), months)) == expected
