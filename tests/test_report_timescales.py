"""The timeliness report's vectorised due dates agree with timescales.py, one date at a time."""

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


def _scalar_due_dates(frame: pd.DataFrame) -> list[date | None]:
    """What the report did before, child by child with timescales.schedule."""
    due: dict[int, date | None] = {}
    for _child, reviews in frame.sort_values(["child_id", "review_date"]).groupby("child_id"):
        first = reviews.iloc[0]
        looked_after = None if pd.isna(first["looked_after_on"]) else first["looked_after_on"]
        held, _ = timescales.schedule(
            looked_after and looked_after.date(), [d.date() for d in reviews["review_date"]]
        )
        dates = [h.due_by for h in held]
        if first["review_type"] in ("second", "subsequent"):
            dates[0] = None
            if len(dates) > 1:
                dates[1] = timescales.next_review_due(first["review_date"].date(), 2)
        due.update(zip(reviews.index, dates, strict=True))
    return [due[i] for i in frame.index]


def test_due_dates_agree_with_schedule_for_many_children():
    rng = random.Random(3)
    rows = []
    for child in range(400):
        looked_after = (
            None if rng.random() < 0.2 else date(2020, 1, 1) + timedelta(rng.randrange(900))
        )
        first_type = rng.choice(["initial", "second", "subsequent", None])
        day = (looked_after or date(2021, 1, 1)) + timedelta(rng.randrange(10, 60))
        for number in range(rng.randrange(1, 7)):
            rows.append((child, day, first_type if number == 0 else "subsequent", looked_after))
            day += timedelta(rng.randrange(20, 250))
    rng.shuffle(rows)  # the report reads reviews in no particular order
    frame = pd.DataFrame(
        rows, columns=["child_id", "review_date", "review_type", "looked_after_on"]
    )
    for column in ("review_date", "looked_after_on"):
        frame[column] = pd.to_datetime(frame[column])

    got = [None if pd.isna(day) else day.date() for day in vectorised.due_dates(frame)]
    expected = _scalar_due_dates(frame)
    assert got == expected
    # Every kind of case happened: known and unknown due dates, and late as well as on time.
    assert None in got and any(got)
    late = [d is not None and r.date() > d for r, d in zip(frame["review_date"], got, strict=True)]
    assert any(late) and not all(late)
