"""Due dates worked out by hand, around England's bank holidays."""

from datetime import date

import pytest

from app.domain.reviews.timescales import (
    add_months,
    add_working_days,
    first_review_due,
    is_working_day,
    next_review_due,
    schedule,
)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 25), False),  # Christmas Day, Friday
        (date(2026, 12, 28), False),  # Boxing Day observed on the Monday
        (date(2027, 1, 1), False),  # New Year's Day
        (date(2027, 1, 2), False),  # Saturday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2027, 3, 30), True),
    ],
)
def test_working_days_know_england_bank_holidays(day, working):
    assert is_working_day(day) is working


def test_first_review_over_christmas():
    # Looked after Monday 14 December 2026. Working days: 15-18 Dec (4), 21-24 Dec (8),
    # 25 and 28 Dec are bank holidays, 29-31 Dec (11), 1 Jan is a bank holiday,
    # 4-8 Jan (16), 11-14 Jan (20): due by Thursday 14 January 2027.
    assert first_review_due(date(2026, 12, 14)) == date(2027, 1, 14)


def test_first_review_over_easter():
    # Looked after Wednesday 17 March 2027: 18-19 Mar (2), 22-25 Mar (6), Good Friday 26 Mar and
    # Easter Monday 29 Mar skipped, 30 Mar-2 Apr (10), 5-9 Apr (15), 12-16 Apr (20).
    assert first_review_due(date(2027, 3, 17)) == date(2027, 4, 16)


def test_first_review_without_holidays_is_four_weeks():
    assert first_review_due(date(2026, 10, 5)) == date(2026, 11, 2)
    assert add_working_days(date(2026, 10, 5), 0) == date(2026, 10, 5)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # 2028 is a leap year
        (date(2026, 1, 15), 6, date(2026, 7, 15)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
    ],
)
def test_add_months_keeps_the_day_or_ends_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_second_review_three_months_then_six():
    assert next_review_due(date(2026, 1, 10), 1) == date(2026, 4, 10)
    assert next_review_due(date(2026, 4, 10), 2) == date(2026, 10, 10)


def test_schedule_marks_late_reviews():
    held, next_due = schedule(
        date(2026, 12, 14), [date(2027, 1, 14), date(2027, 4, 15), date(2027, 10, 14)]
    )
    assert [r.on_time for r in held] == [True, False, True]
    assert [r.due_by for r in held] == [date(2027, 1, 14), date(2027, 4, 14), date(2027, 10, 15)]
    assert next_due == date(2028, 4, 14)


def test_schedule_without_a_start_date_cannot_judge_the_first():
    held, next_due = schedule(None, [date(2026, 3, 1)])
    assert held[0].on_time is None
    assert next_due == date(2026, 6, 1)
    assert schedule(None, []) == ([], None)
