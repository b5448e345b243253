"""The booklets for the youngest children and for those who read little (Easy Read): a choice to
tap before any box to write in, Yes / No / Not sure drawn as well as written, and Easy Read named."""

from __future__ import annotations

import pytest

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.booklets.names import staff_name
from app.extensions import db
from app.models import BookletVersion
from tests.factories import invitation_row, make_invitation, text_of


def _open(client, slug: str, ref: str = "C1"):
    link = make_invitation(ref=ref, name="Jo", version=latest_version(slug), review_in=20)
    client.get(f"/b/{link.token}")
    return link


@pytest.mark.parametrize("slug", ["little", "easy"])
def test_the_first_question_is_a_choice_to_tap_not_a_box_to_write_in(app, slug):
    first = booklet_of(latest_version(slug)).pages[0].questions[0]
    assert not first.is_text, first.key


def test_the_word_for_the_carer_still_comes_before_the_questions_that_use_it(app):
    little = booklet_of(latest_version("little"))
    keys = [q.key for q in little.questions()]
    assert keys.index("carer_word") < keys.index("tell_carer")
    assert "carer_word" in [q.key for q in little.pages[0].questions]


def test_a_child_answering_an_older_version_keeps_it(app, client):
    """A published version a child has answered never changes under them: the invitation keeps
    the version it was made with when a newer one is published."""
    old = latest_version("little")
    link = _open(client, "little")
    newer = dict(old.definition, version=old.version + 1)
    newer["pages"] = list(reversed(old.definition["pages"]))
    db.session.add(BookletVersion(slug="little", version=newer["version"], definition=newer))
    db.session.commit()
    assert invitation_row(link).booklet_version_id == old.id
    first = client.get("/my-say/page/1").page
    assert text_of(first.select_one("h1")) == old.definition["pages"][0]["title"]


@pytest.mark.parametrize("slug", ["little", "easy"])
def test_yes_no_and_not_sure_are_drawn_beside_their_words(app, client, slug):
    _open(client, slug)
    page = client.get("/my-say/page/1").page
    for value, words in (("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")):
        label = page.select_one(f'label[for="q-home_safe-{value}"]')
        assert label.select_one(f'svg.mark-{value}[aria-hidden="true"]'), value
        assert label.select_one("span.choice-words").get_text() == words


def test_older_children_read_yes_and_no_as_words(app, client):
    _open(client, "teen")
    pages = booklet_of(latest_version("teen")).pages
    for number in range(1, len(pages) + 1):
        assert not client.get(f"/my-say/page/{number}").page.select("svg.mark-yes")


def test_easy_read_is_named_so_for_the_child_and_the_iro(app, client):
    _open(client, "easy")
    welcome = client.get("/my-say").page
    assert "Easy Read" in text_of(welcome.select_one("main"))
    assert staff_name(latest_version("easy")) == "Easy Read"
    # The other children's booklets are just "My Say", in the header already.
    _open(client, "middle", ref="C2")
    assert "Easy Read" not in text_of(client.get("/my-say").page.select_one("main"))
