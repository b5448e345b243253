"""Helpers that test_alerts.py and other test modules share (no test module imports another)."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.domain.messages import alerts as alert_rules
from app.domain.themes.safety import mark_urgent
from app.extensions import db
from app.models import Answer, Child, Review, Role
from app.models.alerts import Alert
from tests.factories import TODAY, make_user, outbox, text_of

REASON = "The child asked for their IRO to know today"


@pytest.fixture(autouse=True)
def _nothing_leaves_the_machine(app):
    app.config.update(NOTIFY_API_KEY="", SMTP_HOST="", PUBLIC_BASE_URL="https://mysay.council.test")


def alerts():
    db.session.expire_all()
    return db.session.scalars(db.select(Alert)).all()


def raise_for(invitation, reason=REASON):
    mark_urgent(invitation, reason)
    db.session.commit()
    return alerts()[0]


REVIEW_DATE = TODAY + timedelta(days=12)
CHILD_WORDS = "zebra pancakes under the stairs"


@pytest.fixture
def worried(iro):
    """A child on ``iro``'s caseload with a booklet that has the child's own words in it."""
    iro.phone = "07700900123"
    child = Child(
        child_ref="C-77", first_name="Jameson", preferred_name="Jay", date_of_birth=date(2013, 4, 2)
    )
    child.iro = iro
    review = Review(child=child, review_date=REVIEW_DATE)
    db.session.add_all([child, review])
    version = latest_version("middle")
    invitation, _token, _code = create(review, version)
    db.session.flush()
    db.session.add(
        Answer(
            invitation=invitation,
            booklet_version_id=version.id,
            question_key="worry",
            value=CHILD_WORDS,
        )
    )
    db.session.commit()
    return invitation
