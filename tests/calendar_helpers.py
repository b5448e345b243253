"""Helpers that test_calendar.py and other test modules share (no test module imports another)."""

from datetime import date, timedelta

import pytest

from app.domain.reviews.caseload import caseload
from app.domain.reviews.timescales import add_months, first_review_due
from app.extensions import db
from app.models import Child, Review, Team
from tests.factories import (
    TODAY,
    invite,
    make_user,
    rows_of,
    text_of,
)


def add_child(name, iro, looked_after_on=None, held=(), booked=None):
    """A child with reviews held on the dates ``held`` and one booked on ``booked``."""
    team = db.session.execute(db.select(Team).filter_by(name="North")).scalar_one_or_none()
    child = Child(
        child_ref=f"REF-{name}",
        preferred_name=name,
        date_of_birth=date(2016, 3, 1),
        looked_after_on=looked_after_on,
        iro_id=iro.id,
        team=team,
    )
    db.session.add(child)
    for day in [*held, *([booked] if booked else [])]:
        db.session.add(Review(child=child, review_date=day))
    db.session.commit()
    return child


def caseload_page(client, show=None):
    response = client.get("/staff/" + (f"?show={show}" if show else ""))
    assert response.status_code == 200
    return response.page
