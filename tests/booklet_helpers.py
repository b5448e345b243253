"""Helpers that test_booklet.py and other test modules share (no test module imports another)."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import format_code
from app.extensions import db
from tests.factories import (
    answers_of,
    invitation_row,
    make_invitation,
    one_page_booklet,
    publish,
    text_of,
)


def checked_values(page, name: str) -> set[str]:
    return {box["value"] for box in page.select(f'input[name="{name}"][checked]')}


POSTED = {
    1: {"home_feel": "very_happy", "home_safe": "yes"},
    2: {"family_time_feel": "ok", "family_time_more": "more", "family_who": "My nan"},
    3: {"school_feel": "sad", "school_help": "not_sure"},
    4: {"friends_talk": "rather_not_say", "likes": ["music", "sport"]},
    5: {"feelings_score": "7", "someone_to_tell": "no"},
    6: {"family_safe": "yes", "school_safe": "yes", "keeping_safe": ["none"]},
    7: {"review_where": "video", "review_who": ["me", "advocate"], "iro_alone": "yes"},
    8: {"review_chair": "yes", "review_advocate": "not_sure"},
    9: {
        "house_good": "My dog",
        "house_worries": "",
        "house_wishes-rather_not_say": "yes",
    },
    10: {"anything_else": "I want to stay at my school", "anything_else-only-iro": "yes"},
}
