"""What a child keeps: a copy of what they sent, and the "You said, we did" letter, from their own
link or code; nobody else's link gets either."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from app.extensions import db
from app.models import User
from tests.clock import now
from tests.factories import (
    answer,
    downloaded_pdf,
    invitation_row,
    make_invitation,
    soup,
    text_of,
)

WORDS = "I want to see my brother more"
SECRET = "Please do not tell my carer about the phone"


def sent_booklet(ref="C100", name="Jamie", review_in=21, respondent="child", **answers):
    link = make_invitation(ref=ref, name=name, review_in=review_in, respondent=respondent)
    invitation = invitation_row(link)
    for key, (value, only_iro) in answers.items():
        answer(invitation, key, value, only_iro=only_iro)
    invitation.submitted_at = now()
    db.session.commit()
    return link


def copy_link(page) -> str | None:
    found = page.find("a", string="Download a copy of my answers")
    return found["href"] if found else None


def test_right_after_sending_the_child_can_download_every_answer_of_their_own(app, client):
    link = make_invitation()
    invitation = invitation_row(link)
    answer(invitation, "family_who", WORDS)
    answer(invitation, "anything_else", SECRET, only_iro=True)
    client.get(f"/b/{link.token}")
    sent = client.post("/my-say/check", data={}, follow_redirects=True)
    page = soup(sent.text)
    assert text_of(page.find("h1")) == "Thank you for sending your answers"

    _, text = downloaded_pdf(client.get(copy_link(page)), "Jamie")
    assert "My answers" in text
    assert WORDS in text
    # The child's own copy keeps what only their IRO may see: the words are theirs.
    assert SECRET in text and "Only my IRO can see this" in text


def test_the_copy_comes_from_the_childs_own_link_afterwards_and_to_nobody_else(app):
    mine = sent_booklet(family_who=(WORDS, False))
    theirs = sent_booklet(ref="C200", name="Alex", family_who=("I like football", True))
    phone = app.test_client()
    page = soup(phone.get(f"/b/{mine.token}", follow_redirects=True).text)
    assert "You already sent your answers" in text_of(page.find("h1"))
    _, text = downloaded_pdf(phone.get(copy_link(page)), "Jamie")
    assert WORDS in text and "I like football" not in text

    # Another child on the same phone gets their own answers, never the first child's.
    page = soup(phone.get(f"/b/{theirs.token}", follow_redirects=True).text)
    _, text = downloaded_pdf(phone.get(copy_link(page)), "Alex")
    assert "I like football" in text and WORDS not in text

    # A browser that never opened a link gets nothing, and the sent page offers nothing.
    stranger = app.test_client()
    refused = stranger.get("/my-say/my-answers.pdf")
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    assert copy_link(soup(stranger.get("/my-say/sent").text)) is None


def test_the_copy_is_not_offered_before_sending_nor_long_after_opening(app, client):
    link = make_invitation()
    answer(invitation_row(link), "family_who", WORDS)
    client.get(f"/b/{link.token}")
    assert client.get("/my-say/my-answers.pdf").status_code == 403

    sent = sent_booklet(ref="C300", name="Sky", family_who=(WORDS, False))
    client.get(f"/b/{sent.token}")
    # A shared phone forgets: half an hour later the link must be opened again.
    with time_machine.travel(now() + timedelta(minutes=31), tick=False):
        assert client.get("/my-say/my-answers.pdf").status_code == 403
    client.get(f"/b/{sent.token}")
    assert client.get("/my-say/my-answers.pdf").status_code == 200


def sent_in_polish(app):
    """A sent booklet whose child and invitation are in Polish, with Polish switched on."""
    app.config["LANGUAGES"] = ["en", "pl"]
    link = sent_booklet(family_who=(WORDS, False))
    invitation = invitation_row(link)
    invitation.language = "pl"
    invitation.review.child.language = "pl"
    db.session.commit()
    return link


def test_the_copy_dates_in_the_booklets_language(app, client):
    link = sent_in_polish(app)
    client.get(f"/b/{link.token}")
    _, text = downloaded_pdf(client.get("/my-say/my-answers.pdf"), "Jamie")
    assert in_polish(text), text


POLISH_MONTHS = ("stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca",
                 "sierpnia", "września", "października", "listopada", "grudnia")  # fmt: skip


def in_polish(text: str) -> bool:
    """Whether a date in the text is written in Polish (no catalogue yet: the words are English)."""
    return any(month in text for month in POLISH_MONTHS)


def record_outcome(link, decisions):
    review = invitation_row(link).review
    review.review_date = review.review_date - timedelta(days=60)
    review.decisions = decisions
    review.outcome_recorded_at = now()
    review.outcome_recorded_by = db.session.scalars(db.select(User)).first()
    db.session.commit()


DECISIONS = [
    {"asked": "I would like to chair my review.", "decided": "You will chair the next one."}
]


def test_after_the_review_the_childs_link_shows_the_you_said_we_did_letter(app, client):
    link = sent_booklet(family_who=(WORDS, False))
    page = soup(client.get(f"/b/{link.token}", follow_redirects=True).text)
    # Before the IRO has written it there is no letter to read.
    assert page.find("a", string="Read the letter from your IRO") is None
    assert client.get("/my-say/you-said").status_code == 403

    record_outcome(link, DECISIONS)
    page = soup(client.get(f"/b/{link.token}", follow_redirects=True).text)
    letter = soup(client.get(page.find("a", string="Read the letter from your IRO")["href"]).text)
    assert text_of(letter.find("h1")) == "You said, we did"
    words = text_of(letter.find("main"))
    assert "Dear Jamie," in words
    assert "You said: I would like to chair my review." in words
    assert "We did: You will chair the next one." in words
    pdf = letter.find("a", string="Download this letter")["href"]
    _, text = downloaded_pdf(client.get(pdf), "Jamie")
    assert "We did: You will chair the next one." in text and "Sam Patel" in text


def test_a_child_who_did_not_send_still_gets_the_letter_from_their_link(app, client):
    link = make_invitation()
    record_outcome(link, DECISIONS)
    letter = client.get(f"/b/{link.token}", follow_redirects=True)
    assert "We did: You will chair the next one." in text_of(soup(letter.text).find("main"))
    # Nothing was sent, so there is no copy of answers to keep.
    assert client.get("/my-say/my-answers.pdf").status_code == 403


def test_the_letter_is_the_childs_not_a_parents(app, client):
    link = sent_booklet(respondent="parent", family_who=(WORDS, False))
    record_outcome(link, DECISIONS)
    page = soup(client.get(f"/b/{link.token}", follow_redirects=True).text)
    assert page.find("a", string="Read the letter from your IRO") is None
    assert client.get("/my-say/you-said").status_code == 403
    assert client.get("/my-say/you-said.pdf").status_code == 403


def test_the_letter_is_in_the_childs_language(app, client):
    link = sent_in_polish(app)
    record_outcome(link, DECISIONS)
    client.get(f"/b/{link.token}")
    page = soup(client.get("/my-say/you-said").text)
    assert page.find("html")["lang"] == "pl"
    assert in_polish(text_of(page.find("main")))
