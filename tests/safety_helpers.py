"""What the safety tests share: a child invited to a booklet, opened in a client, and what it
raised (issue 10)."""

import re
from datetime import date, timedelta
from html import unescape

import pytest

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Child, Invitation, Review, User
from app.models.alerts import Alert
from app.models.themes import UrgentFlag
from tests.factories import TODAY, make_user

REVIEW_DATE = TODAY + timedelta(days=20)
CHILD_BOOKLETS = ("little", "middle", "teen", "moving_on", "easy")
DUTY_PHONE = "01632 960000"


@pytest.fixture(autouse=True)
def quiet_with_a_duty_phone(app):
    """Imported by the safety tests: nothing is sent anywhere, and the duty number is set."""
    app.config.update(NOTIFY_API_KEY="", SMTP_HOST="", DUTY_PHONE=DUTY_PHONE)


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def invite(slug: str = "middle", iro=None, ref: str = "C-10") -> Invitation:
    """A child, Kai, 13, on the IRO's caseload, invited to a booklet; ``.token`` opens it."""
    iro = iro or db.session.scalars(db.select(User).filter_by(email="iro@example.org")).first()
    iro = iro or make_user()
    iro.phone = "07700 900111"
    child = Child(child_ref=ref, preferred_name="Kai", date_of_birth=date(2013, 3, 3), iro=iro)
    review = Review(child=child, review_date=REVIEW_DATE)
    db.session.add_all([child, review])
    invitation, token, _code = create(review, latest_version(slug))
    db.session.commit()
    invitation.token = token
    return invitation


def open_booklet(client, invitation: Invitation) -> None:
    assert client.get(f"/b/{invitation.token}").status_code == 302


def page_of(slug: str, key: str) -> int:
    booklet = booklet_of(latest_version(slug))
    return next(
        n for n, p in enumerate(booklet.pages, start=1) if any(q.key == key for q in p.questions)
    )


def alerts() -> list[Alert]:
    db.session.expire_all()
    return db.session.scalars(db.select(Alert).order_by(Alert.id)).all()


def flags() -> dict[str, UrgentFlag]:
    db.session.expire_all()
    return {f.question_key: f for f in db.session.scalars(db.select(UrgentFlag))}
