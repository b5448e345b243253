"""Helpers that test_reading_page.py and other test modules share (no test module imports another)."""

import re
from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitations
from app.domain.themes.answers import suggest_for
from app.domain.themes.flags import ask_today
from app.extensions import db
from app.models import Answer, Child, Review, Team, utcnow

TODAY = date.today()


def _child(review_in: int) -> Review:
    child = Child(
        child_ref="T-1",
        preferred_name="Kai",
        date_of_birth=TODAY.replace(year=TODAY.year - 14),
        team=Team(name="Reading team"),
    )
    review = Review(child=child, review_date=TODAY + timedelta(days=review_in))
    db.session.add_all([child, review])
    return review


def _sent(review: Review, slug: str, answers: dict, only_iro=(), submitted=True):
    invitation, _token, _code = invitations.create(review, latest_version(slug))
    for key, value in answers.items():
        answer = Answer(
            invitation=invitation,
            booklet_version_id=invitation.booklet_version_id,
            question_key=key,
            value=value,
            only_iro=key in only_iro,
        )
        db.session.add(answer)
        suggest_for(answer)
    if submitted:
        invitation.submitted_at = utcnow()
    db.session.commit()
    return invitation


TEEN = {
    "carer_word": "Nana Jo",
    "mum_word": "Mam",
    "dad_word": "Pops",
    "home_feel": "happy",
    "home_change": "I want Nana Jo to let me stay up later and go to football",
    "family_words": "I miss my Mam and want to see my brother at school",
    "review_chair": "yes",
    "iro_alone": "yes",
    "review_private": "I get bullied at school and I do not want everyone to know",
}


@pytest.fixture
def review(app, iro):
    review = _child(review_in=7)
    review.child.iro_id = iro.id
    db.session.commit()
    return review
