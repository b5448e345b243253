"""Helpers that test_admin.py and other test modules share (no test module imports another)."""

import copy
import io
import re

import pytest
import yaml

from app.domain.booklets.definitions import BOOKLET_DIR, latest_version
from app.extensions import db
from app.models import Answer, BookletVersion, Invitation, Role
from app.models.booklet_drafts import BookletDraft
from tests.factories import make_invitation, make_user, text_of

MIDDLE = (BOOKLET_DIR / "middle.yaml").read_text(encoding="utf-8")

BUNDLED = yaml.safe_load(MIDDLE)

# The first one-choice question: its label and first option get new words in the next version.
PAGE, QUESTION = next(
    (p, q)
    for p, page in enumerate(BUNDLED["pages"])
    for q, question in enumerate(page["questions"])
    if question["kind"] == "choose_one"
)

NEXT = BUNDLED["version"] + 1

NEW_LABEL = "A question in new words for the next version?"

NEW_OPTION = "An option in new words"


def middle_next(version: int = NEXT, changes: dict | None = None) -> str:
    """middle.yaml as an author would change it: a new version, one question and option reworded."""
    data = copy.deepcopy(BUNDLED)
    data["version"] = version
    question = data["pages"][PAGE]["questions"][QUESTION]
    question["label"] = NEW_LABEL
    question["options"][0]["label"] = NEW_OPTION
    for (p, q, field), value in (changes or {}).items():
        data["pages"][p]["questions"][q][field] = value
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def upload(client, text: str, name: str = "middle.yaml"):
    data = {"file": (io.BytesIO(text.encode("utf-8")), name)}
    return client.post("/admin/upload", data=data, content_type="multipart/form-data")


@pytest.fixture
def admin(app):
    return make_user(email="admin@example.org", role=Role.ADMIN, name="Ada Admin")
