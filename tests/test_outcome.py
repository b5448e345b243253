"""After the review: the suggested participation code, the outcome form, the "How was my
review?" booklet, and the "You said, we did" letter."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitations
from app.domain.reviews.outcome import requests, suggest_code
from app.extensions import db
from app.models import Child, Invitation, Review
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.factories import answer, downloaded_pdf, link_on, make_child, make_user, text_of

REVIEW_DAY = date(2027, 3, 10)


def review_for(born: date, sent_by: str | None = None) -> Review:
    child = Child(child_ref=f"C-{born.isoformat()}", preferred_name="Kai", date_of_birth=born)
    review = Review(child=child, review_date=REVIEW_DAY)
    db.session.add(review)
    db.session.flush()
    if sent_by:
        invitation, _, _ = invitations.create(review, latest_version("middle"), respondent=sent_by)
        invitation.submitted_at = now()
    db.session.commit()
    return review


NINE = date(2018, 1, 5)


@pytest.mark.parametrize(
    ("born", "took_part", "sent_by", "code"),
    [
        # Under 4 on the review date is PN0, whatever happened.
        (date(2024, 1, 5), "attended_spoke", None, "PN0"),
        (date(2023, 3, 11), None, "child", "PN0"),  # 4 tomorrow
        (date(2023, 3, 10), "attended_spoke", None, "PN1"),  # 4 today: not PN0
        (NINE, "attended_spoke", None, "PN1"),
        (NINE, "attended_advocate", None, "PN2"),
        (NINE, "attended_symbolic", None, "PN3"),
        (NINE, "attended_no_view", None, "PN4"),
        (NINE, "absent_advocate", None, "PN5"),
        (NINE, "absent_conveyed", None, "PN6"),
        (NINE, "absent_no_views", None, "PN7"),
        # A booklet the child sent back is their view reaching the review.
        (NINE, "absent_no_views", "child", "PN6"),
        # A carer's booklet is not the child's view.
        (NINE, "absent_no_views", "carer", "PN7"),
        # Attending decides, not the booklet.
        (NINE, "attended_spoke", "child", "PN1"),
        # Nothing known about how the child took part: no guess, only a pointer.
        (NINE, None, "child", None),
        (NINE, None, None, None),
    ],
)
def test_suggested_code_follows_the_dfe_rules(app, born, took_part, sent_by, code):
    review = review_for(born, sent_by)
    suggested, reason = suggest_code(review, took_part)
    assert suggested == code
    assert "Kai" in reason
    if code is None and sent_by:
        assert "PN6" in reason


def past_review_with_booklet(iro, answers=None, **child):
    """A child whose review was yesterday, with a sent middle booklet holding ``answers``."""
    kid = make_child("C-1", iro, review_in=-1, name="Ben", first="Benjamin", **child)
    review = kid.reviews[0]
    version = latest_version("middle")
    invitation, _, _ = invitations.create(review, version)
    for key, value in (answers or {}).items():
        answer(invitation, key, value)
    invitation.submitted_at = now()
    db.session.commit()
    return review


MENU = {
    "review_where": "school",
    "review_chair": "yes",
    "review_advocate": "not_sure",
    "iro_alone": ["yes"],
}


def test_requests_are_the_yes_answers_of_the_review_menu(app, iro):
    review = past_review_with_booklet(iro, MENU)
    asked = [r.asked for r in requests(review)]
    assert asked == [
        "I would like my review to be here: At school.",
        "I would like to chair my review.",
        "I want to talk to my IRO on my own before my review.",
    ]


def outcome_data(**changes):
    data = {
        "took_part": "absent_no_views",
        "participation_code": "",
        "venue": "placement",
        "last_seen": (TODAY - timedelta(days=8)).isoformat(),
        "chaired_by": "iro",
        "advocate_attended": "no",
        "decisions-0-asked": "I would like to chair my review.",
        "decisions-0-decided": "You will chair your next review, with me helping.",
        "decisions-1-asked": "",
        "decisions-1-decided": "",
    }
    data.update(changes)
    return data


def test_the_form_starts_from_the_booklet_and_saves_the_outcome(client, auth, iro):
    review = past_review_with_booklet(iro, MENU)
    auth.login()
    response = client.get(f"/staff/reviews/{review.id}/outcome")
    assert response.status_code == 200
    asked = [field["value"] for field in response.page.select('input[name$="-asked"]')]
    assert "I would like to chair my review." in asked
    assert "sent back their booklet" in text_of(response)

    saved = client.post(f"/staff/reviews/{review.id}/outcome", data=outcome_data())
    assert saved.status_code == 303
    db.session.refresh(review)
    # The booklet sent back turns "did not come, no views" into PN6.
    assert review.participation_code == "PN6"
    assert review.child_attended is False
    assert review.venue == "placement"
    assert review.child_last_seen_by_iro == TODAY - timedelta(days=8)
    assert review.chaired_by == "iro"
    assert review.advocate_attended is False
    assert review.decisions == [
        {
            "asked": "I would like to chair my review.",
            "decided": "You will chair your next review, with me helping.",
        }
    ]
    assert review.outcome_recorded_by_id == iro.id

    shown = text_of(client.get(f"/staff/reviews/{review.id}"))
    assert "PN6 (Child does not attend but conveys" in shown
    assert "You will chair your next review, with me helping." in shown
    assert "Recorded" in shown and "by Sam Patel" in shown


def test_the_iro_may_choose_another_code(client, auth, iro):
    review = past_review_with_booklet(iro)
    auth.login()
    client.post(f"/staff/reviews/{review.id}/outcome", data=outcome_data(participation_code="PN7"))
    db.session.refresh(review)
    assert review.participation_code == "PN7"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"last_seen": TODAY.isoformat()}, "must be on or before the review date"),
        ({"last_seen": "2027-02-31"}, "Enter the date as a real date"),
        ({"took_part": "", "participation_code": ""}, "Choose how Ben took part"),
        ({"decisions-1-decided": "A new bedroom"}, "Say what Ben asked for"),
        ({"participation_code": "PN9"}, "Not a valid choice"),
    ],
)
def test_a_bad_outcome_says_why_and_saves_nothing(client, auth, iro, changes, message):
    review = past_review_with_booklet(iro)
    auth.login()
    response = client.post(f"/staff/reviews/{review.id}/outcome", data=outcome_data(**changes))
    assert response.status_code == 400
    words = text_of(response)
    assert "There is a problem" in words and message in words
    # What the IRO typed is still in the form.
    assert "You will chair your next review, with me helping." in words
    db.session.refresh(review)
    assert review.outcome_recorded_at is None
    assert review.participation_code is None
    assert review.decisions is None


def test_another_iros_review_is_not_found(client, auth, iro):
    review = past_review_with_booklet(iro)
    make_user(email="other@example.org", name="Alex Other")
    auth.login(email="other@example.org")
    base = f"/staff/reviews/{review.id}"
    assert client.get(f"{base}/outcome").status_code == 404
    assert client.post(f"{base}/outcome", data=outcome_data()).status_code == 404
    assert client.post(f"{base}/after-booklet").status_code == 404
    assert client.get(f"{base}/you-said").status_code == 404
    assert client.get(f"{base}/you-said.pdf").status_code == 404
    db.session.refresh(review)
    assert review.outcome_recorded_at is None
    assert len(review.invitations) == 1


def test_the_after_booklet_does_not_stop_the_link_before_the_review(client, auth, iro):
    kid = make_child("C-2", iro, review_in=0, name="Ava")
    review = kid.reviews[0]
    before, _, _ = invitations.create(review, latest_version("middle"))
    db.session.commit()
    auth.login()
    response = client.post(f"/staff/reviews/{review.id}/after-booklet", data={"once": "x1"})
    assert response.status_code == 200
    link = link_on(response.page)

    db.session.expire_all()
    after = db.session.execute(
        db.select(Invitation).filter_by(review_id=review.id, respondent="child-after")
    ).scalar_one()
    assert after.booklet_version.slug == "after"
    assert db.session.get(Invitation, before.id).revoked_at is None

    # Posting the same form again (a reload) makes nothing new.
    again = client.post(f"/staff/reviews/{review.id}/after-booklet", data={"once": "x1"})
    assert again.status_code == 303
    count = db.session.scalar(
        db.select(db.func.count(Invitation.id)).filter_by(review_id=review.id)
    )
    assert count == 2

    client.post("/staff/sign-out")
    client.get(link.split("localhost", 1)[1], follow_redirects=True)
    first_page = client.get("/my-say/page/1")
    assert "How was your review? 0 is awful, 10 is brilliant" in text_of(first_page)


def test_you_said_we_did_letter_as_a_pdf(client, auth, iro):
    iro.phone = "01926 410410"
    db.session.commit()
    review = past_review_with_booklet(iro, MENU)
    auth.login()
    # Before the outcome is recorded there is nothing to say "we did" about.
    waiting = client.get(f"/staff/reviews/{review.id}/you-said")
    assert "Record the outcome of the review first" in text_of(waiting)
    assert client.get(f"/staff/reviews/{review.id}/you-said.pdf").status_code == 303

    client.post(f"/staff/reviews/{review.id}/outcome", data=outcome_data())
    _, text = downloaded_pdf(client.get(f"/staff/reviews/{review.id}/you-said.pdf"), "Ben")
    assert "Dear Ben," in text
    assert "You said: I would like to chair my review." in text
    assert "We did: You will chair your next review, with me helping." in text
    assert "Sam Patel" in text and "01926 410410" in text


def test_the_letter_uses_the_childs_language(client, auth, iro):
    review = past_review_with_booklet(iro)
    review.review_date = date(2026, 3, 10)
    review.child.language = "pl"
    db.session.commit()
    auth.login()
    client.post(
        f"/staff/reviews/{review.id}/outcome",
        data=outcome_data(last_seen="2026-03-02"),
    )
    page = text_of(client.get(f"/staff/reviews/{review.id}/you-said"))
    # The words and the date are in the child's language (translations/pl).
    assert "10 marca 2026" in page
    assert "Cześć, Ben," in page and "Dear Ben," not in page
