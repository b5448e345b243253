"""The suite's clock, started when this module is first imported: before anything else in tests/.

Every test runs on a controlled clock, so the suite passes on any day of the year. The date is a
plain mid-week day unless MYSAY_TEST_DATE names another; CI runs the suite again on awkward days
(a Sunday, a Monday, Christmas Eve, the last and first days of a financial year). It starts at
import, not in a fixture, so that dates computed when test modules and tests/factories.py are
imported follow it too; it ticks, so timeouts and durations behave. conftest.py imports this
first and stops it when pytest ends.
"""

import os
from datetime import UTC, date, datetime

import time_machine

TEST_DATE = date.fromisoformat(os.environ.get("MYSAY_TEST_DATE", "2026-06-17"))
clock = time_machine.travel(datetime(TEST_DATE.year, TEST_DATE.month, TEST_DATE.day, 10), tick=True)
# Tests that need time to pass (a new authenticator code) shift it: coordinates.shift(seconds).
coordinates = clock.start()


def now() -> datetime:
    """The suite's clock now, as naive UTC: how the models store times (app.models.utcnow)."""
    return datetime.now(UTC).replace(tzinfo=None)
