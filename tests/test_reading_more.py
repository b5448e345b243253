"""Reading before the meeting: faces over time, the review-menu checklist and the record PDF."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import latest_version, publish_bundled
from app.domain.invitations import links as invitations
from app.domain.reading.history import faces_over_time, review_menu
from app.extensions import db
from app.models import Review
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.factories import (
    answer,
    downloaded_pdf,
    make_child,
    make_user,
    one_page_booklet,
    pdf_text,
    publish,
    text_of,
)


def faces_booklet(version, questions):
    page = {"key": "p", "title": "How things are"}
    title = f"Faces v{version}"
    return one_page_booklet(
        "faces", questions, version=version, title=title, page=page, audience="child"
    )


V1 = faces_booklet(
    1,
    [
        {"key": "home_feel", "kind": "faces5", "label": "Home, old words?"},
        {"key": "school_feel", "kind": "faces5", "label": "School?"},
        {"key": "mood", "kind": "faces3", "label": "Today?"},
        {"key": "pets_feel", "kind": "faces3", "label": "Pets?"},
        {"key": "note", "kind": "text", "label": "A note"},
    ],
)
# Version 2 rewords and reorders the questions and drops one; the keys stay the same.
V2 = faces_booklet(
    2,
    [
        {"key": "school_feel", "kind": "faces5", "label": "How do you feel about school?"},
        {"key": "home_feel", "kind": "faces5", "label": "How do you feel about your home?"},
        {"key": "mood", "kind": "faces5", "label": "How are you today?"},
    ],
)


def sent(review, version, answers, submitted=True, only_iro=()):
    invitation, _token, _code = invitations.create(review, version)
    invitation.submitted_at = now() if submitted else None
    for key, value in answers.items():
        answer(invitation, key, value, only_iro=key in only_iro)
    db.session.commit()
    return invitation


@pytest.fixture
def three_reviews(app, iro):
    v1, v2 = publish(V1), publish(V2)
    child = make_child("C-1", iro, name="Ava", review_in=None)
    days = [TODAY - timedelta(days=400), TODAY - timedelta(days=220), TODAY - timedelta(days=40)]
    reviews = [Review(child=child, review_date=day) for day in days]
    db.session.add_all(reviews)
    db.session.commit()
    sent(reviews[0], v1, {"home_feel": "happy", "school_feel": "sad", "mood": "ok"})
    sent(
        reviews[1],
        v1,
        {"home_feel": "ok", "school_feel": "sad", "pets_feel": "happy", "note": "hi"},
    )
    sent(reviews[2], v2, {"home_feel": "sad", "school_feel": "happy", "mood": "ok"})
    # Answers still being filled in are not part of the picture.
    sent(reviews[2], v2, {"home_feel": "very_happy"}, submitted=False)
    return child, reviews


def test_faces_over_time_across_three_reviews_and_two_versions(three_reviews):
    child, reviews = three_reviews
    history = faces_over_time(child)

    assert history.dates == [r.review_date for r in reviews]
    rows = {row.key: row for row in history.rows}
    # In the newest booklet's order, with its words.
    assert [row.key for row in history.rows][:3] == ["school_feel", "home_feel", "mood"]
    assert rows["home_feel"].label == "How do you feel about your home?"
    assert rows["home_feel"].cells == ["Happy", "OK", "Sad"]
    assert rows["home_feel"].change == "worse"
    assert rows["school_feel"].cells == ["Sad", "Sad", "Happy"]
    assert rows["school_feel"].change == "better"
    # Not asked at the middle review: compared with the last time it was asked.
    assert rows["mood"].cells == ["OK", None, "OK"]
    assert rows["mood"].change == "same"
    # Dropped from the newest booklet: its history is kept, with nothing to compare.
    assert rows["pets_feel"].cells == [None, "Happy", None]
    assert rows["pets_feel"].change is None
    assert "note" not in rows

    # An older review's page sees only its own past.
    then = faces_over_time(child, until=reviews[1].review_date)
    assert then.dates == [r.review_date for r in reviews[:2]]
    assert {row.key: row.change for row in then.rows}["home_feel"] == "worse"
    assert {row.key: row.change for row in then.rows}["school_feel"] == "same"


def faces_table(page):
    section = page.select_one("#faces-heading").find_parent("section")
    return [text_of(row) for row in section.select("tr")]


def test_review_page_shows_faces_over_time(client, auth, three_reviews):
    child, reviews = three_reviews
    auth.login()
    page = client.get(f"/staff/reviews/{reviews[2].id}").page
    assert len(page.select("h1")) == 1
    rows = faces_table(page)
    assert rows[0].startswith("Question") and rows[0].endswith("Since last time")
    assert "How do you feel about school? Sad Sad Happy better" in rows
    assert "How do you feel about your home? Happy OK Sad worse" in rows
    assert "How are you today? OK – OK same" in rows

    first = client.get(f"/staff/reviews/{reviews[0].id}").page
    # One booklet has nothing to compare with.
    assert first.select_one("#faces-heading") is None


@pytest.fixture
def middle(app):
    publish_bundled()
    db.session.commit()
    return latest_version("middle")


MIDDLE_ANSWERS = {
    "home_feel": "happy",
    "review_where": "school",
    "review_who": ["me", "carer", "teacher"],
    "iro_alone": "yes",
    "review_chair": "no",
    "house_good": "I like my football club on Saturdays",
    "anything_else": "PRIVATE: my uncle shouts at me",
}


def test_checklist_from_the_middle_booklet(client, auth, iro, middle):
    child = make_child("C-1", iro, name="Ava", review_in=10)
    invitation = sent(child.reviews[0], middle, MIDDLE_ANSWERS, only_iro={"anything_else"})

    lines = [(line.item, line.words, line.asked) for line in review_menu(invitation)]
    assert lines == [
        ("where", "At school", True),
        ("who", "Me, My carer, My teacher", True),
        ("chair", "No", False),
        ("advocate", "Not answered", False),
        ("alone", "Yes", True),
    ]

    auth.login()
    page = client.get(f"/staff/reviews/{child.reviews[0].id}").page
    assert len(page.select("h1")) == 1
    section = page.select_one("#checklist-heading").find_parent("section")
    items = [text_of(li) for li in section.select("li")]
    assert items == [
        "☐ Where they would like the review to be: At school",
        "☐ Who they want there: Me, My carer, My teacher",
        "☐ Wants to chair their review: No",
        "☐ Wants an advocate: Not answered",
        "☐ Wants to talk to the IRO alone first: Yes",
    ]
    assert page.select_one(f'a[href="/staff/reviews/{child.reviews[0].id}/answers.pdf"]')


def test_no_checklist_nor_pdf_link_before_the_child_sends_their_booklet(client, auth, iro, middle):
    child = make_child("C-1", iro, name="Ava", review_in=10)
    sent(child.reviews[0], middle, {"review_where": "home"}, submitted=False)
    auth.login()
    html = client.get(f"/staff/reviews/{child.reviews[0].id}").get_data(as_text=True)
    assert 'id="checklist-heading"' not in html and "answers.pdf" not in html


def test_answers_pdf_leaves_out_what_only_the_iro_may_read(client, auth, iro, manager, middle):
    child = make_child("C-1", iro, name="Ava", first="Avaline", review_in=10)
    review = child.reviews[0]
    sent(review, middle, MIDDLE_ANSWERS, only_iro={"anything_else"})

    auth.login()
    _, text = downloaded_pdf(client.get(f"/staff/reviews/{review.id}/answers.pdf"), "Ava")
    assert "What Ava said for their review" in text
    assert review.review_date.strftime("%Y") in text
    assert "I like my football club on Saturdays" in text
    assert "How do you feel about where you live? Happy" in text
    assert "Where would you like your review to be? At school" in text
    assert "Wants to talk to the IRO alone first: Yes" in text
    assert "1 answer was for the IRO only and is not included" in text
    assert "uncle" not in text and "PRIVATE" not in text
    assert "Anything else you want your IRO to know?" not in text
    # Booklet order: home before the review page before the three houses.
    asked = text.index("Where would you like your review to be?")
    assert text.index("where you live") < asked < text.index("football")

    client.post("/staff/sign-out")
    auth.login("manager@example.org")
    as_manager = client.get(f"/staff/reviews/{review.id}/answers.pdf")
    assert as_manager.status_code == 200
    assert "uncle" not in pdf_text(as_manager.data)


def test_answers_pdf_is_not_found_for_another_iro(client, auth, iro, middle):
    other = make_user(email="other@example.org", name="Alex Other")
    theirs = make_child("C-2", other, name="Cara", review_in=10)
    sent(theirs.reviews[0], middle, MIDDLE_ANSWERS)
    url = f"/staff/reviews/{theirs.reviews[0].id}/answers.pdf"

    assert client.get(url).status_code == 302  # signed out: to the sign-in page
    auth.login()
    hidden = client.get(url)
    assert hidden.status_code == 404
    assert "Cara" not in hidden.get_data(as_text=True)
    assert client.get("/staff/reviews/999999/answers.pdf").status_code == 404
