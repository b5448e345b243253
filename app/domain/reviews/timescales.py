"""Review timescales from regulation 33 of the Care Planning, Placement and Case Review (England)
Regulations 2010: the first review within 20 working days of becoming looked after, the second no
more than 3 months after the first, then no more than 6 months apart.

Working days leave out weekends and England's bank holidays (from the ``holidays`` package, which
knows substitute days such as Boxing Day observed on a Monday).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

FIRST_REVIEW_WORKING_DAYS = 20
SECOND_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=[year]).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is day 0)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter (31 Aug → 28 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def first_review_due(looked_after_on: date) -> date:
    return add_working_days(looked_after_on, FIRST_REVIEW_WORKING_DAYS)


def next_review_due(previous_review: date, previous_number: int) -> date:
    """When the review after the ``previous_number``-th one (1 for the first) is due at the latest."""
    months = SECOND_REVIEW_MONTHS if previous_number == 1 else LATER_REVIEW_MONTHS
    return add_months(previous_review, months)


@dataclass(frozen=True)
class HeldReview:
    held_on: date
    number: int  # 1 for the initial review
    due_by: date | None  # None when the date the child became looked after is not known

    @property
    def on_time(self) -> bool | None:
        return None if self.due_by is None else self.held_on <= self.due_by


def schedule(
    looked_after_on: date | None, held: list[date]
) -> tuple[list[HeldReview], date | None]:
    """Each held review with its latest allowed date, and the date the next one is due by."""
    reviews: list[HeldReview] = []
    due = first_review_due(looked_after_on) if looked_after_on else None
    for number, held_on in enumerate(sorted(held), start=1):
        reviews.append(HeldReview(held_on=held_on, number=number, due_by=due))
        due = next_review_due(held_on, number)
    return reviews, due
