"""The IRO's reading page (issue 15): answers first and the outcome below them, the child's own
words in every label, one save for every theme, a summary at the top, and nothing about the
outcome before the review has taken place."""

import re
from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitations
from app.domain.themes.answers import suggest_for
from app.domain.themes.flags import ask_today
from app.extensions import db
from app.models import Answer, Child, Review, Team
from tests.reading_page_helpers import TEEN, TODAY, _child, _sent, review

RAW_PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}")


def _page(client, review) -> str:
    response = client.get(f"/staff/reviews/{review.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_labels_carry_the_childs_words_and_no_raw_placeholder(client, auth, review):
    _sent(review, "teen", TEEN, only_iro={"review_private"})
    auth.login()
    html = _page(client, review)
    assert not RAW_PLACEHOLDER.findall(html), RAW_PLACEHOLDER.findall(html)
    # The themes' questions read as the child saw them, with their words for their people.
    themes = html.split('id="themes"')[1]
    assert "Is there anything about living with Nana Jo you would like to change?" in themes
    assert "Anything you want to say about Mam, Pops, brothers, sisters" in themes


def test_answers_come_before_the_outcome_and_themes_save_in_one_form(client, auth, review):
    _sent(review, "teen", TEEN, only_iro={"review_private"})
    auth.login()
    html = _page(client, review)
    assert html.index('id="answers"') < html.index('id="themes"') < html.index('id="outcome"')
    assert html.count(f'action="/staff/reviews/{review.id}/themes"') == 1
    assert html.count("Save all themes") == 1
    # Every themed answer has its boxes in that one form.
    form = html.split('id="themes"')[1].split("</form>")[0]
    assert len(set(re.findall(r'name="(themes-\d+)"', form))) == 6  # six answers in words


def test_two_booklets_are_regions_with_different_names(client, auth, review):
    _sent(review, "teen", TEEN)
    _sent(review, "teen", {"home_feel": "sad"})
    auth.login()
    html = _page(client, review)
    names = re.findall(r'<section class="reading" aria-label="([^"]+)"', html)
    assert len(names) == 2 and len(set(names)) == 2, names
    assert all(name.startswith("Teenagers, from the child") for name in names)


def test_summary_at_the_top_counts_what_to_look_at_first(client, auth, review):
    child = review.child
    earlier = Review(child=child, review_date=TODAY - timedelta(days=180))
    db.session.add(earlier)
    db.session.commit()
    _sent(earlier, "teen", {"home_feel": "very_happy", "school_feel": "sad", "friends_feel": "ok"})
    invitation = _sent(
        review,
        "teen",
        {**TEEN, "school_feel": "happy", "friends_feel": "ok"},
        only_iro={"review_private", "family_words"},
    )
    ask_today(invitation)
    db.session.commit()
    auth.login()
    html = _page(client, review)
    summary = html.split('id="summary-heading"')[1].split("</section>")[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", summary).split())
    assert html.index('id="summary-heading"') < html.index('id="answers"')
    assert "1 answer needs a person today" in text
    assert "Faces since last time: 1 better" in text and "1 worse" in text
    assert "1 the same" in text
    assert "How do you feel at school?" in text or "school" in text.lower()
    assert "I would like to chair my review." in text
    assert "I want to talk to my IRO on my own before my review." in text
    assert "2 answers are for the IRO only" in text


def test_outcome_before_the_review_day_is_refused_in_plain_words(client, auth, review):
    _sent(review, "teen", TEEN)
    auth.login()
    html = _page(client, review)
    outcome = html.split('id="outcome"')[1]
    assert "Record the outcome" not in outcome
    assert "Send the “How was my review?” booklet" not in outcome
    assert "from that day on" in outcome

    page = client.get(f"/staff/reviews/{review.id}/outcome").get_data(as_text=True)
    assert '<form method="post"' not in page.split("</header>")[-1]
    response = client.post(
        f"/staff/reviews/{review.id}/outcome",
        data={"took_part": "attended_spoke", "venue": "office", "participation_code": ""},
    )
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    day = (TODAY + timedelta(days=7)).strftime("%-d %B %Y")
    assert f"The review is on {day}." in text and "from that day on" in text
    db.session.expire_all()
    assert db.session.get(Review, review.id).outcome_recorded_at is None

    # Nor the "How was my review?" booklet, nor the letter.
    response = client.post(f"/staff/reviews/{review.id}/after-booklet", data={"once": "x"})
    assert response.status_code == 303
    assert not [i for i in review.invitations if i.respondent == "child-after"]
    letter = client.get(f"/staff/reviews/{review.id}/you-said").get_data(as_text=True)
    assert "from that day on" in letter and "Download the letter" not in letter


def test_outcome_from_the_review_day_on(client, auth, app, iro):
    review = _child(review_in=0)
    review.child.iro_id = iro.id
    db.session.commit()
    auth.login()
    outcome = _page(client, review).split('id="outcome"')[1]
    assert "Record the outcome" in outcome
    assert "Send the “How was my review?” booklet" in outcome
    response = client.post(
        f"/staff/reviews/{review.id}/outcome",
        data={"took_part": "attended_spoke", "venue": "office", "participation_code": ""},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Review, review.id).participation_code == "PN1"


def test_invitation_form_names_booklets_plainly(client, auth, review):
    auth.login()
    html = _page(client, review)
    select = html.split('name="booklet"')[1].split("</select>")[0]
    assert "Easy Read" in select and "Teenagers – ages 12 to 17" in select
    assert "v1)" not in select and "My Say (" not in select
    # "How was my review?" has its own button once the review has taken place.
    assert "How was my review?" not in select
