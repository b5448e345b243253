"""The child's path: open a link or code, answer page by page, check, send, get help."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import format_code
from app.extensions import db
from tests.booklet_helpers import POSTED, checked_values
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.factories import (
    answers_of,
    invitation_row,
    make_invitation,
    one_page_booklet,
    publish,
    text_of,
)

REVIEW_DATE = TODAY + timedelta(days=21)


@pytest.fixture
def link(app):
    return make_invitation()


@pytest.fixture
def opened(client, link):
    """A child who has opened their link in this client."""
    client.get(f"/b/{link.token}")
    return link


def test_link_opens_welcome_without_token_in_address(client, link):
    response = client.get(f"/b/{link.token}")
    assert response.status_code == 302
    assert response.location == "/my-say"
    assert link.token not in response.location
    with client.session_transaction() as session:
        assert session["invitation_id"] == link.id
    assert invitation_row(link).opened_at is not None

    page = client.get("/my-say").get_data(as_text=True)
    assert "Hello Jamie" in page
    assert "Sam Patel" in page
    assert REVIEW_DATE.strftime("%A") in page and REVIEW_DATE.strftime("%B") in page
    assert f"{REVIEW_DATE.day} {REVIEW_DATE.strftime('%B %Y')}" in page
    assert "Who will see my answers" in page
    assert 'href="/my-say/page/1"' in page


@pytest.mark.parametrize("slug", ["parent", "carer"])
def test_a_parent_or_carer_is_not_greeted_by_the_childs_name(client, slug):
    link = make_invitation(version=latest_version(slug))
    client.get(f"/b/{link.token}")
    response = client.get("/my-say")
    html = response.get_data(as_text=True)
    assert response.page.select_one("h1").get_text() == "Hello" and "Hello Jamie" not in html
    assert "before Jamie's review on" in text_of(response) and "Sam Patel" in html
    assert "your review" not in html.split("Who will see my answers")[0]


def test_after_my_review_looks_back_at_the_review(client):
    link = make_invitation(version=latest_version("after"))
    client.get(f"/b/{link.token}")
    page = client.get("/my-say").get_data(as_text=True)
    assert "Hello Jamie" in page
    assert "Your review was on" in page and "how it went" in page
    assert "before your review" not in page


@pytest.mark.parametrize("typed", ["formatted", "lower case with spaces"])
def test_code_opens_booklet_like_the_link(client, link, typed):
    code = format_code(link.code) if typed == "formatted" else " ".join(link.code.lower())
    response = client.post("/", data={"code": code})
    assert response.status_code == 302
    assert response.location == "/my-say"
    assert "Hello Jamie" in client.get("/my-say").get_data(as_text=True)


@pytest.mark.parametrize("code", ["ACDE-FGHJ", "NOPE", "!!!!"])
def test_wrong_code_is_400_with_kind_message(client, link, code):
    response = client.post("/", data={"code": code})
    assert response.status_code == 400
    assert "We could not find that code" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "invitation_id" not in session


def test_empty_code_asks_for_it(client):
    response = client.post("/", data={"code": ""})
    assert response.status_code == 400
    assert "Type the code from your letter." in response.get_data(as_text=True)


def test_start_page_shows_the_form(client):
    page = client.get("/").get_data(as_text=True)
    assert "Type the code from your letter" in page
    assert 'name="code"' in page


def test_unknown_link_is_404_in_child_words(client, app):
    response = client.get("/b/not-a-real-token")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "This link does not work" in page
    assert "ask your carer or your IRO" in page


def _revoke(invitation):
    invitation.revoked_at = now()


def _expire(invitation):
    invitation.review.review_date = TODAY - timedelta(days=60)


@pytest.mark.parametrize("spoil", [_revoke, _expire], ids=["revoked", "expired"])
@pytest.mark.parametrize("way_in", ["link", "code"])
def test_stopped_link_is_410(client, link, spoil, way_in):
    spoil(invitation_row(link))
    db.session.commit()
    if way_in == "link":
        response = client.get(f"/b/{link.token}")
    else:
        response = client.post("/", data={"code": link.code})
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert "This link has stopped working" in page
    assert "Ask your carer, your social worker or your IRO" in page


def test_link_revoked_while_answering_stops_the_booklet(client, opened):
    _revoke(invitation_row(opened))
    db.session.commit()
    response = client.get("/my-say/page/1")
    assert response.status_code == 410


def test_opening_a_bad_link_forgets_the_previous_child(client, opened):
    client.get("/b/not-a-real-token")
    with client.session_transaction() as session:
        assert "invitation_id" not in session
    assert client.get("/my-say/page/1").status_code == 403


# One answer for every question of the middle booklet, as the form posts it and as it is stored.
STORED = {
    "home_feel": "very_happy",
    "home_safe": "yes",
    "family_time_feel": "ok",
    "family_time_more": "more",
    "family_who": "My nan",
    "school_feel": "sad",
    "school_help": "not_sure",
    "friends_talk": "rather_not_say",
    "likes": ["sport", "music"],
    "feelings_score": 7,
    "someone_to_tell": "no",
    "family_safe": "yes",
    "school_safe": "yes",
    "keeping_safe": ["none"],
    "review_where": "video",
    "review_who": ["me", "advocate"],
    "iro_alone": "yes",
    "review_chair": "yes",
    "review_advocate": "not_sure",
    "house_good": "My dog",
    "house_wishes": "rather_not_say",
    "anything_else": "I want to stay at my school",
}


def test_middle_booklet_has_what_the_brief_asks(app):
    booklet = booklet_of(latest_version("middle"))
    # Ten since version 3 added "Feeling safe".
    assert 7 <= len(booklet.pages) <= 10
    assert all(1 <= len(p.questions) <= 3 for p in booklet.pages)
    kinds = {q.kind for q in booklet.questions()}
    assert {"faces5", "yes_no_unsure", "choose_one", "choose_many", "scale10"} <= kinds
    assert {"text", "long_text"} <= kinds
    assert sorted(POSTED) == list(range(1, len(booklet.pages) + 1))


def test_each_page_saves_its_answers_and_moves_on(client, opened):
    version_id = invitation_row(opened).booklet_version_id
    for number, data in POSTED.items():
        response = client.post(f"/my-say/page/{number}", data=data)
        assert response.status_code == 302
        expected = "/my-say/check" if number == len(POSTED) else f"/my-say/page/{number + 1}"
        assert response.location == expected
        assert invitation_row(opened).last_page == number + 1
    saved = answers_of(opened)
    assert {k: a.value for k, a in saved.items()} == STORED
    assert all(a.booklet_version_id == version_id for a in saved.values())
    assert saved["anything_else"].only_iro is True
    assert saved["house_good"].only_iro is False


def test_reopening_the_link_resumes_where_the_child_left_off(app, link):
    first = app.test_client()
    first.get(f"/b/{link.token}")
    first.post("/my-say/page/1", data=POSTED[1])
    first.post("/my-say/page/2", data=POSTED[2])

    later = app.test_client()
    response = later.get(f"/b/{link.token}")
    assert response.location == "/my-say/page/3"
    page = later.get("/my-say/page/1").page
    assert checked_values(page, "home_feel") == {"very_happy"}
    assert checked_values(page, "home_safe") == {"yes"}
    assert "My nan" in later.get("/my-say/page/2").get_data(as_text=True)


def test_save_and_come_back_later(client, opened):
    response = client.post("/my-say/page/2", data={**POSTED[2], "action": "later"})
    assert response.location == "/my-say/saved"
    saved_page = client.get("/my-say/saved").get_data(as_text=True)
    assert "open where you left off" in saved_page
    assert answers_of(opened)["family_who"].value == "My nan"
    with client.session_transaction() as session:
        assert "invitation_id" not in session
    assert client.get(f"/b/{opened.token}").location == "/my-say/page/2"


@pytest.mark.parametrize(
    "number, bad, valid, message",
    [
        (1, {"home_feel": "furious"}, {"home_safe": "no"}, "Choose one of the answers"),
        (5, {"feelings_score": "11"}, {"someone_to_tell": "yes"}, "Choose one of the answers"),
        (5, {"feelings_score": "-1"}, {"someone_to_tell": "yes"}, "Choose one of the answers"),
        (4, {"likes": ["music", "skydiving"]}, {"friends_talk": "yes"}, "Choose from the"),
        (
            4,
            {"likes": ["music", "rather_not_say"]},
            {"friends_talk": "yes"},
            "Please do not tick both",
        ),
        (10, {"anything_else": "a" * 5001}, {}, "That is too long"),
        (
            9,
            {"house_good": "My dog", "house_good-rather_not_say": "yes"},
            {"house_worries": "Moving again"},
            "Untick the box",
        ),
    ],
)
def test_invalid_answer_is_400_and_valid_ones_are_saved(
    client, opened, number, bad, valid, message
):
    response = client.post(f"/my-say/page/{number}", data={**bad, **valid})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "Your other answers on this page are saved" in page
    saved = answers_of(opened)
    for key in bad:
        assert key.split("-")[0] not in saved
    for key, value in valid.items():
        assert saved[key].value == value
    # What the child typed is still in the box, so that they can shorten it or change it.
    for value in bad.values():
        if isinstance(value, str) and len(value) > 20:
            assert value in page
    assert invitation_row(opened).last_page == 0


def test_invalid_answer_leaves_the_earlier_answer_alone(client, opened):
    client.post("/my-say/page/1", data={"home_feel": "happy"})
    client.post("/my-say/page/1", data={"home_feel": "furious"})
    assert answers_of(opened)["home_feel"].value == "happy"


def test_emptying_an_answer_deletes_it(client, opened):
    client.post("/my-say/page/1", data=POSTED[1])
    client.post("/my-say/page/1", data={"home_safe": "yes"})
    saved = answers_of(opened)
    assert "home_feel" not in saved
    assert saved["home_safe"].value == "yes"


def test_only_my_iro_is_stored_and_can_be_unticked(client, opened):
    client.post("/my-say/page/10", data=POSTED[10])
    assert answers_of(opened)["anything_else"].only_iro is True
    page = client.get("/my-say/page/10").page
    assert checked_values(page, "anything_else-only-iro") == {"yes"}
    client.post("/my-say/page/10", data={"anything_else": "I want to stay at my school"})
    assert answers_of(opened)["anything_else"].only_iro is False


def test_check_page_shows_answers_in_words(client, opened):
    for number in (1, 4, 5, 10):
        client.post(f"/my-say/page/{number}", data=POSTED[number])
    page = client.get("/my-say/check").get_data(as_text=True)
    assert "Very happy" in page
    assert "Sport or games outside, Music or dancing" in page
    assert "7 out of 10" in page
    assert "I&#39;d rather not say" in page
    assert "I want to stay at my school" in page
    assert "Only my IRO can see this" in page
    assert "Not answered" in page  # page 2 was skipped
    assert 'href="/my-say/page/2?from=check"' in page


def test_change_from_check_page_goes_back_to_it(client, opened):
    for number, data in POSTED.items():
        client.post(f"/my-say/page/{number}", data=data)
    form = client.get("/my-say/page/1?from=check").get_data(as_text=True)
    assert 'name="from" value="check"' in form
    response = client.post("/my-say/page/1", data={"home_feel": "sad", "from": "check"})
    assert response.location == "/my-say/check"
    assert "Sad" in client.get("/my-say/check").get_data(as_text=True)
    assert client.get(f"/b/{opened.token}").location == "/my-say/check"


def test_send_sets_submitted_and_clears_the_session(client, opened):
    client.post("/my-say/page/1", data=POSTED[1])
    response = client.post("/my-say/check")
    assert response.location == "/my-say/sent"
    assert invitation_row(opened).submitted_at is not None
    with client.session_transaction() as session:
        # Which thank-you to show, and for half an hour the right to a copy of what was sent
        # (tests/test_own_copy.py), and the language to thank them in: nothing that names or
        # opens this child's booklet.
        assert set(session) == {"sent_kind", "own_copy", "language"}
    thanks = client.get("/my-say/sent").get_data(as_text=True)
    assert "Thank you for sending your answers" in thanks
    assert "What happens next" in thanks
    assert "before your review" in thanks
    # The next child on this phone finds nothing of the last one.
    response = client.get("/my-say/check")
    assert response.status_code == 403
    assert "Very happy" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("slug", "said", "not_said"),
    [
        ("after", "helps make your next review better", "before your review"),
        ("parent", "The IRO will read your answers before the review", "your review"),
        ("carer", "The IRO may contact you", "your review"),
    ],
)
def test_what_happens_next_fits_who_sent(client, slug, said, not_said):
    link = make_invitation(version=latest_version(slug))
    client.get(f"/b/{link.token}")
    assert client.post("/my-say/check").location == "/my-say/sent"
    thanks = client.get("/my-say/sent").get_data(as_text=True)
    assert said in thanks and not_said not in thanks
    # From the old link later: the same words, and the answers cannot change.
    client.get(f"/b/{link.token}")
    again = client.get("/my-say/sent").get_data(as_text=True)
    assert "You already sent your answers on" in again and not_said not in again


def test_sent_link_shows_already_sent_and_cannot_change(client, opened):
    client.post("/my-say/page/1", data=POSTED[1])
    client.post("/my-say/check")

    response = client.get(f"/b/{opened.token}")
    assert response.location == "/my-say/sent"
    page = client.get("/my-say/sent").get_data(as_text=True)
    assert "You already sent your answers on" in page
    assert str(TODAY.year) in page
    assert "Your IRO has read them" not in page
    assert client.post("/my-say/page/1", data={"home_feel": "sad"}).status_code == 403
    assert answers_of(opened)["home_feel"].value == "very_happy"

    invitation_row(opened).read_at = now()
    db.session.commit()
    client.get(f"/b/{opened.token}")
    assert "Your IRO has read them" in client.get("/my-say/sent").get_data(as_text=True)


def test_another_child_cannot_see_the_first_childs_answers(app, opened, client):
    client.post("/my-say/page/10", data={"anything_else": "My secret words"})
    other_link = make_invitation(ref="C200", name="Robin")

    other = app.test_client()
    other.get(f"/b/{other_link.token}")
    assert "Hello Robin" in other.get("/my-say").get_data(as_text=True)
    assert "My secret words" not in other.get("/my-say/page/10").get_data(as_text=True)
    assert "My secret words" not in other.get("/my-say/check").get_data(as_text=True)
    other.post("/my-say/page/10", data={"anything_else": "Robin's words"})
    assert answers_of(opened)["anything_else"].value == "My secret words"

    stranger = app.test_client()
    for url in ("/my-say/page/10", "/my-say/check"):
        response = stranger.get(url)
        assert response.status_code == 403
        assert "My secret words" not in response.get_data(as_text=True)


def test_tampered_session_cookie_is_refused(client, opened):
    with client.session_transaction() as session:
        session["invitation_id"] = "1 OR 1=1"
    assert client.get("/my-say/check").status_code == 403


BOOKLET_URLS = [
    "/my-say",
    "/my-say/page/1",
    "/my-say/page/7",
    "/my-say/check",
]


@pytest.mark.parametrize("url", BOOKLET_URLS)
def test_booklet_pages_need_an_opened_link(client, app, url):
    response = client.get(url)
    assert response.status_code == 403
    assert "Open your link again" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", [*BOOKLET_URLS, "/", "/my-say/sent", "/my-say/saved"])
def test_every_booklet_page_links_to_help_and_is_csp_safe(client, opened, url):
    page = client.get(url).page
    # A link, or on a question page a button of its form that saves the words first.
    assert page.select_one('a[href^="/help"], button[name="action"][value="help"]')
    assert "I need help now" in text_of(page)
    # The strict CSP would block these, so they must not be there at all.
    assert not page.select("[style], [onclick]")
    assert all(script.has_attr("src") for script in page.select("script"))


@pytest.mark.parametrize("url", ["/b/not-a-real-token", "/my-say/page/99", "/help"])
def test_problem_pages_link_to_help(client, opened, url):
    assert 'href="/help' in client.get(url).get_data(as_text=True)


def test_help_page_says_what_to_do_now(client):
    page = client.get("/help").get_data(as_text=True)
    assert "I need help now" in page
    assert "999" in page
    assert "0800 1111" in page
    assert 'href="tel:08001111"' in page
    assert "someone you trust" in page.lower() or "adult you trust" in page


def test_page_has_progress_back_link_and_fieldsets(client, opened):
    page = client.get("/my-say/page/2").page
    assert "Page 2 of 10" in text_of(page)
    progress = page.select_one("progress")
    assert (progress["max"], progress["value"]) == ("10", "2")
    assert page.select_one('a[href="/my-say/page/1"]')
    assert len(page.select("fieldset")) == 2 and len(page.select("legend")) == 2
    assert page.select_one('label.question-label[for="q-family_who"]')
    assert "Save and come back later" in text_of(page)
    assert text_of(page).count("I'd rather not say") == 3


def test_page_out_of_range_is_404(client, opened):
    assert client.get("/my-say/page/11").status_code == 404
    assert client.get("/my-say/page/0").status_code == 404


def test_three_faces_show_a_picture_and_a_word(client, app):
    question = {"key": "home_feel", "kind": "faces3", "label": "Home?"}
    definition = one_page_booklet(
        "little", [question], version=99, title="My Say", page={"key": "home", "title": "Home"}
    )
    link = make_invitation(ref="C300", version=publish(definition))
    client.get(f"/b/{link.token}")
    page = client.get("/my-say/page/1").page
    assert len(page.select("svg.face")) == 3
    words = [span.get_text() for span in page.select("span.choice-words")]
    for word in ("Happy", "OK", "Sad"):
        assert word in words
    client.post("/my-say/page/1", data={"home_feel": "ok"})
    assert answers_of(link)["home_feel"].value == "ok"


def test_answers_need_the_forms_csrf_token(app, client, opened):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/my-say/page/1").page
    token = page.select_one('input[name="csrf_token"]')["value"]
    assert client.post("/my-say/page/1", data={"home_feel": "sad"}).status_code == 400
    assert "home_feel" not in answers_of(opened)
    response = client.post("/my-say/page/1", data={"home_feel": "sad", "csrf_token": token})
    assert response.status_code == 302
    assert answers_of(opened)["home_feel"].value == "sad"
