"""Helpers that test_reading_page.py and other test modules share (no test module imports another)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitations
from app.domain.themes.answers import suggest_for
from app.domain.themes.flags import ask_today
from app.extensions import db
from app.models import Answer, BookletVersion, Child, Review, Team
from tests.clock import now
from tests.factories import TODAY


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


# Version 2 of the teen booklet, as children answered it before version 3 shortened it: its
# questions carry the child's words for their people in their labels, which the IRO reads.
TEEN_V2 = Path(__file__).parent / "data" / "teen_v2.yaml"


def teen_v2() -> BookletVersion:
    """Teen version 2, published beside the newer bundled one (an older version stays readable)."""
    found = db.session.execute(
        db.select(BookletVersion).filter_by(slug="teen", version=2)
    ).scalar_one_or_none()
    if found is None:
        definition = yaml.safe_load(TEEN_V2.read_text(encoding="utf-8"))
        found = BookletVersion(slug="teen", version=2, definition=definition)
        db.session.add(found)
        db.session.flush()
    return found


def _sent(review: Review, slug: str, answers: dict, only_iro=(), submitted=True):
    version = teen_v2() if slug == "teen" else latest_version(slug)
    invitation, _token, _code = invitations.create(review, version)
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
        invitation.submitted_at = now()
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
