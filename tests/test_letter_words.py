"""Each band's and audience's invitation letter, read back from its PDF as the child, parent or
carer would read it: what My Say is, how long it takes, who reads the answers (the IRO, named and
pictured), that any question can be skipped, where to get help, and "IRO" and "advocate" explained;
and its QR code still opens the booklet."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_babel import force_locale

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.booklets.plain import minutes_to_fill
from app.domain.invitations.qr import data_uri, png_bytes
from app.domain.messages.letters import Letter, render_letter_pdf
from app.extensions import db
from tests.factories import (
    codes_in,
    downloaded_pdf,
    invite_from_page,
    letter_pdf,
    make_child,
    read_pdf,
)
from tests.words_helpers import ADVOCATE_EXPLAINED, IRO_EXPLAINED

# (booklet, respondent, age): one letter for each band and for each adult audience.
LETTERS = [
    ("little", "child", 6),
    ("middle", "child", 10),
    ("teen", "child", 15),
    ("moving_on", "child", 19),
    ("easy", "child", 13),
    ("parent", "parent", 10),
    ("carer", "carer", 10),
]

# What only one band's letter says: how it is written for that reader.
BAND_WORDS = {
    "little": ["Ask an adult you trust to read this with you."],
    "easy": ["Ask an adult you trust to read this with you."],
    "middle": ["Ask me or your social worker for an advocate."],
    "teen": ["what is going well, what is not, and how you want your review to run"],
    "moving_on": ["Ask me or your personal adviser for an advocate.", "If you are under 19"],
    "parent": ["If you need help with the form, ask me or Ava's social worker."],
    "carer": ["It is a short form about Ava's care and the review"],
}


def _letter(client, auth, iro, slug, respondent, age):
    review = make_child("C-1", iro, name="Ava", age=age, review_in=20).reviews[0]
    auth.login()
    fields, link = invite_from_page(
        client, review, booklet=slug, respondent=None if respondent == "child" else respondent
    )
    reader, text = downloaded_pdf(letter_pdf(client, review, fields), "Ava")
    return reader, text, link


@pytest.mark.parametrize(("slug", "respondent", "age"), LETTERS)
def test_each_letter_says_what_it_is_how_long_who_reads_skipping_and_help(
    app, client, auth, iro, booklet, slug, respondent, age
):
    iro.photo = png_bytes("a face", box_size=2)
    db.session.commit()
    reader, text, link = _letter(client, auth, iro, slug, respondent, age)
    words = booklet_of(latest_version(slug))

    assert len(reader.pages) == 1
    # What it is.
    if respondent == "child":
        assert "Hello Ava," in text
        assert "My Say is a few questions about you and your life." in text
    else:
        assert "Hello," in text and "Hello Ava" not in text
        assert "It is a short form about Ava's care and the review" in text
    # How long it takes, from the booklet's own length.
    minutes = minutes_to_fill(words)
    assert f"It takes about {minutes} minutes." in text
    assert f"There are {len(words.pages)} short pages." in text
    # Who reads it: the IRO, by name and with their photo.
    assert "I will read your answers before" in text and "From Sam Patel" in text
    assert codes_in(reader) == sorted(["a face", link])
    # That they can skip anything.
    assert "You can skip any question." in text
    # Where to get help.
    assert "Help" in text
    if respondent == "child":
        assert "Childline" in text and "0800 1111" in text
    for line in BAND_WORDS[slug]:
        assert line in text, line
    # The words explained where they appear.
    assert IRO_EXPLAINED in text
    if re.search(r"\badvocate", text, re.IGNORECASE):
        assert ADVOCATE_EXPLAINED in text


def test_the_words_suit_the_reader(app, client, auth, iro, booklet):
    texts = {}
    for n, (slug, respondent, age) in enumerate(LETTERS):
        review = make_child(f"C-{n}", iro, name="Ava", age=age, review_in=20).reviews[0]
        auth.login()
        fields, _ = invite_from_page(
            client, review, booklet=slug, respondent=None if respondent == "child" else respondent
        )
        texts[slug] = downloaded_pdf(letter_pdf(client, review, fields), "Ava")[1]
    # A little child's letter is read with a carer, in short sentences; a teenager's is not.
    assert "read this with you" not in texts["teen"]
    assert "advocate" not in texts["little"]

    def longest_sentence(text):
        body = text.split("Hello Ava,", 1)[1].split("Scan the QR code", 1)[0]
        return max(len(s.split()) for s in re.split(r"(?<=[.:?])\s", body) if s)

    assert longest_sentence(texts["little"]) <= 12
    assert longest_sentence(texts["little"]) < longest_sentence(texts["teen"])


def test_a_longer_booklet_takes_longer(app):
    little = booklet_of(latest_version("little"))
    moving_on = booklet_of(latest_version("moving_on"))
    # The same count of questions, read aloud to a six-year-old, takes longer than for a teenager.
    assert minutes_to_fill(little) > minutes_to_fill(moving_on)
    assert all(minutes_to_fill(booklet_of(latest_version(s))) % 5 == 0 for s, _, _ in LETTERS)


@pytest.mark.parametrize("voice", ["simple", "middle", "young", "leaver", "adult"])
def test_every_letter_fits_one_a4_page_in_every_language(app, voice):
    link = "http://localhost/b/" + "x" * 43
    letter = Letter(
        respondent="parent" if voice == "adult" else "child",
        child_name="Oluwaseun-Alexandra",
        iro_name="Samantha Patel-Okonkwo",
        iro_initials="SP",
        iro_phone="01926 410410",
        iro_email="samantha.patel-okonkwo@warwickshire.gov.uk",
        iro_photo=None,
        review_date=date(2027, 1, 14),
        review_day="Wednesday 14 September 2027",
        link=link,
        start_url="http://localhost/",
        code="ACDE-FGHJ",
        qr=data_uri(link),
        expires=date(2027, 1, 28),
        voice=voice,
        pages=10,
        minutes=15,
    )
    pages = {}
    for language in app.config["LANGUAGES"]:
        with app.test_request_context(), force_locale(language):
            reader, _ = read_pdf(render_letter_pdf(letter))
        pages[language] = len(reader.pages)
        assert codes_in(reader) == [link], language
    assert set(pages.values()) == {1}, pages
