"""The IRO's workspace: caseload, review page, invitations with QR codes, reading answers."""

import base64
import io
import re

import zxingcpp
from PIL import Image

from app.domain.booklets.definitions import parse_definition
from app.domain.invitations import links as invitations
from app.domain.invitations.qr import data_uri, png_bytes
from app.domain.reading.answers import answer_words, read
from app.extensions import db
from app.models import Answer
from tests.clock import now
from tests.factories import (
    TESTBOOK,
    answer,
    count_queries,
    invite,
    link_on,
    make_child,
    make_user,
    qr_text,
    rows_of,
    text_of,
)


def act_on(client, invitation, action, **kwargs):
    """Press a button of an invitation on its review page: "stop" or "read"."""
    url = f"/staff/reviews/{invitation.review_id}/invitations/{invitation.id}/{action}"
    return client.post(url, **kwargs)


def test_caseload_shows_only_own_children_with_their_states(client, auth, iro, booklet):
    other = make_user(email="other@example.org", name="Alex Other")
    make_child("C-1", iro, review_in=10, name="Ava")
    sent = make_child("C-2", iro, review_in=3, name="Ben", first="Benjamin")
    make_child("C-3", other, review_in=1, name="Cara")
    make_child("C-4", iro, review_in=None, name="Dev")
    opened = make_child("C-5", iro, review_in=20, name="Eli")
    started = make_child("C-6", iro, review_in=25, name="Fay")
    read = make_child("C-7", iro, review_in=30, name="Gus")
    invite(sent, booklet, opened_at=now(), submitted_at=now())
    invite(opened, booklet, opened_at=now())
    answer(invite(started, booklet, opened_at=now()), "home_feel", "happy")
    invite(read, booklet, submitted_at=now(), read_at=now())

    auth.login()
    page = client.get("/staff/").page
    html = str(page)

    assert "Cara" not in html and "Alex Other" not in html
    rows = rows_of(page)
    names = [row.split()[0] for row in rows]
    assert names == ["Ben", "Ava", "Eli", "Fay", "Gus", "Dev"]
    assert "(Benjamin)" in rows[0] and "C-2" in rows[0] and " 9 " in rows[0]
    assert rows[0].endswith("sent 1 booklet not read yet")
    assert rows[1].endswith("not invited") and " 10 " in rows[1]
    assert rows[2].endswith("opened")
    assert rows[3].endswith("in progress")
    assert rows[4].endswith("read")
    assert "No review booked" in rows[5]
    assert page.select_one("#waiting h2").get_text() == "1 booklet waiting for you to read"
    assert [text_of(row).split()[0] for row in page.select("tr.row-unread")] == ["Ben"]


def test_manager_sees_every_child_and_their_iro(client, auth, iro, manager):
    make_child("C-1", iro, name="Ava")
    make_child("C-2", None, name="Ben")
    auth.login("manager@example.org")
    page = client.get("/staff/").page
    assert page.select_one("h1").get_text() == "All children"
    rows = rows_of(page)
    assert any("Ava" in row and "Sam Patel" in row for row in rows)
    assert any("Ben" in row and "No IRO" in row for row in rows)


def test_empty_caseload_says_what_to_expect(client, auth, iro):
    auth.login()
    page = client.get("/staff/").page
    assert "No children are on your caseload yet" in text_of(page)
    assert page.select_one("table") is None


def test_review_is_not_found_for_another_iro(client, auth, iro, manager):
    other = make_user(email="other@example.org", name="Alex Other")
    mine = make_child("C-1", iro, name="Ava", review_type="second", venue="school")
    theirs = make_child("C-2", other, name="Cara")
    auth.login()
    response = client.get(f"/staff/reviews/{mine.reviews[0].id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Review for Ava" in html and "Second" in html and "School" in html
    hidden = client.get(f"/staff/reviews/{theirs.reviews[0].id}")
    assert hidden.status_code == 404
    assert "Cara" not in hidden.get_data(as_text=True)
    assert client.get("/staff/reviews/999999").status_code == 404
    # Nor can they act on it.
    assert client.post(f"/staff/reviews/{theirs.reviews[0].id}/invitations").status_code == 404

    auth.switch_to("manager@example.org")
    assert client.get(f"/staff/reviews/{theirs.reviews[0].id}").status_code == 200


def test_invitation_shows_code_and_a_qr_code_that_opens_the_booklet(
    app, client, auth, iro, booklet
):
    child = make_child("C-1", iro, name="Ava")
    review = child.reviews[0]
    auth.login()
    response = client.post(
        f"/staff/reviews/{review.id}/invitations", data={"booklet": "testbook", "language": "en"}
    )
    assert response.status_code == 200
    page = response.page
    html = text_of(page)
    assert "Hello Ava" in html and "Sam Patel" in html
    assert "shown only once" in html

    code = page.select_one(".code").get_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    link = link_on(page)
    assert link.startswith("http://localhost/b/")
    assert qr_text(page) == [link]

    by_code = invitations.find_by_code(code)
    by_token = invitations.find_by_token(link.rsplit("/", 1)[1])
    assert by_code is not None and by_code.id == by_token.id
    assert by_token.review_id == review.id and by_token.booklet_version_id == booklet.id
    assert by_token.created_by_id == iro.id

    # A child's phone, not the IRO's browser.
    opened = app.test_client().get(link.replace("http://localhost", ""))
    assert opened.status_code == 302
    assert opened.headers["Location"].startswith("/my-say")


def test_public_base_url_is_used_for_the_link(app, client, auth, iro, booklet):
    app.config["PUBLIC_BASE_URL"] = "https://mysay.example.gov.uk/"
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    page = client.post(
        f"/staff/reviews/{review.id}/invitations", data={"booklet": "testbook", "language": "en"}
    ).page
    link = link_on(page)
    assert link.startswith("https://mysay.example.gov.uk/b/")
    assert qr_text(page) == [link]
    assert "https://mysay.example.gov.uk/ and type this code" in text_of(page)


def test_new_invitation_stops_the_old_link(client, auth, iro, booklet):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    tokens = []
    for _ in range(2):
        page = client.post(
            f"/staff/reviews/{review.id}/invitations",
            data={"booklet": "testbook", "language": "en"},
        ).page
        tokens.append(link_on(page).removeprefix("http://localhost/b/"))
    first, second = (invitations.find_by_token(t) for t in tokens)
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert not invitations.is_usable(first)

    html = client.get(f"/staff/reviews/{review.id}").get_data(as_text=True)
    assert html.count("Stop this link") == 1
    assert "link stopped" in html


def test_stop_this_link(client, auth, iro, booklet):
    child = make_child("C-1", iro)
    invitation = invite(child, booklet)
    auth.login()
    response = act_on(client, invitation, "stop", follow_redirects=True)
    assert "no longer work" in response.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None
    assert "Stop this link" not in response.get_data(as_text=True)


def test_bad_choice_of_booklet_is_refused_and_nothing_is_made(client, auth, iro, booklet):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    response = client.post(
        f"/staff/reviews/{review.id}/invitations", data={"booklet": "nonsense", "language": "en"}
    )
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    db.session.refresh(review)
    assert review.invitations == []


def test_booklet_suggested_for_the_child(client, auth, iro, booklet):
    baby = make_child("C-1", iro, age=2, name="Ava")
    chosen = make_child("C-2", iro, name="Ben")
    chosen.booklet_override = "testbook"
    db.session.commit()
    auth.login()
    html = client.get(f"/staff/reviews/{baby.reviews[0].id}").get_data(as_text=True)
    assert "Ava is under 4 on the review date" in html
    page = client.get(f"/staff/reviews/{chosen.reviews[0].id}").page
    assert page.select_one('select[name="booklet"] option[selected]')["value"] == "testbook"


def test_reading_answers_in_words_in_booklet_order(client, auth, iro, booklet):
    child = make_child("C-1", iro, name="Ava")
    invitation = invite(child, booklet, submitted_at=now())
    # Saved in a different order from the booklet's.
    answer(invitation, "rating", 7)
    answer(invitation, "worry", "My brother <b>\nmisses me", only_iro=True)
    answer(invitation, "home_feel", "very_sad")
    answer(invitation, "where", "school")
    answer(invitation, "who", ["carer", "teacher"])
    answer(invitation, "wish", "rather_not_say")
    answer(invitation, "mood", "ok")
    auth.login()
    response = client.get(f"/staff/reviews/{child.reviews[0].id}")
    html = response.get_data(as_text=True)

    private, _, rest = html.partition("Only for you (the IRO)")[2].partition("My review")
    assert "My brother &lt;b&gt;\nmisses me" in private
    assert "My brother" not in rest
    first_page = response.page.find("h4", string="Where I live")
    words = [dd.get_text() for dd in first_page.find_all_next("dd", class_=["words", "muted"])]
    assert words == [
        "Very sad",
        "Not answered",
        "At school",
        "My carer, My teacher",
        "7 out of 10",
        "Only for the IRO: see above.",
        "I'd rather not say",
        "OK",
    ]
    assert "Mark as read" in html


def test_in_progress_answers_are_marked_not_sent(client, auth, iro, booklet):
    child = make_child("C-1", iro)
    answer(invite(child, booklet), "home_feel", "happy")
    auth.login()
    html = client.get(f"/staff/reviews/{child.reviews[0].id}").get_data(as_text=True)
    assert "not sent yet" in html and "Happy" in html
    assert "Mark as read" not in html


def test_manager_does_not_see_answers_kept_for_the_iro(client, auth, iro, manager, booklet):
    child = make_child("C-1", iro)
    invitation = invite(child, booklet, submitted_at=now())
    answer(invitation, "worry", "a secret for my IRO", only_iro=True)
    answer(invitation, "wish", "a new bike")
    auth.login("manager@example.org")
    html = client.get(f"/staff/reviews/{child.reviews[0].id}").get_data(as_text=True)
    assert "a new bike" in html
    assert "a secret for my IRO" not in html
    assert "1 answer is only for the child's IRO" in html
    # Reading is the IRO's: a manager looking must not clear it from their list.
    assert "Mark as read" not in html
    assert act_on(client, invitation, "read").status_code == 403
    db.session.refresh(invitation)
    assert invitation.read_at is None


def test_mark_as_read(client, auth, iro, booklet):
    child = make_child("C-1", iro)
    invitation = invite(child, booklet, submitted_at=now())
    auth.login()
    assert "1 booklet waiting" in client.get("/staff/").get_data(as_text=True)
    response = act_on(client, invitation, "read", follow_redirects=True)
    assert "Marked as read" in response.get_data(as_text=True)
    db.session.refresh(invitation)
    assert invitation.read_at is not None
    page = client.get("/staff/").page
    assert "booklet waiting" not in str(page)
    assert rows_of(page)[0].endswith("read")


def test_forms_need_their_csrf_token(app, client, auth, iro, booklet):
    child = make_child("C-1", iro)
    invitation = invite(child, booklet)
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    review_url = f"/staff/reviews/{child.reviews[0].id}"
    page = client.get(review_url).page
    assert len(page.select('input[name="csrf_token"]')) >= 3  # new invitation, stop link, sign out

    for action in ("/invitations", f"/invitations/{invitation.id}/stop"):
        refused = client.post(review_url + action, data={"booklet": "testbook", "language": "en"})
        assert refused.status_code == 400
        text = refused.get_data(as_text=True)
        assert "This page was open for a long time" in text and "Traceback" not in text
    db.session.refresh(invitation)
    assert invitation.revoked_at is None


def test_qr_code_is_readable_png():
    link = "https://mysay.example.gov.uk/b/Abc-123_xyz"
    png = png_bytes(link)
    assert png.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(png))
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [link]
    assert data_uri(link) == "data:image/png;base64," + base64.b64encode(png).decode()


def test_answer_words_for_every_kind(app):
    booklet = parse_definition(TESTBOOK)
    q = booklet.question
    with app.test_request_context():
        assert answer_words(q("home_feel"), "very_happy") == "Very happy"
        assert answer_words(q("mood"), "sad") == "Sad"
        assert answer_words(q("home_safe"), "not_sure") == "Not sure"
        assert answer_words(q("where"), "home") == "At home"
        assert answer_words(q("who"), ["mum"]) == "My mum"
        assert answer_words(q("rating"), 0) == "0 out of 10"
        assert answer_words(q("wish"), "line one\nline two") == "line one\nline two"
        assert answer_words(q("where"), "rather_not_say") == "I'd rather not say"
        assert answer_words(q("home_feel"), None) == "Not answered"
        # An answer the definition does not know is shown as stored, never dropped.
        assert answer_words(q("where"), "park") == "park"

        stray = Answer(question_key="gone", value="still here", only_iro=False)
        reading = read(booklet, [stray])
        assert [a.words for a in reading.unmatched] == ["still here"]
        assert reading.answered_count == 0 and len(reading.answers) == 8


def test_caseload_queries_do_not_grow_with_the_caseload(client, auth, iro, booklet):
    auth.login()
    for n in range(2):
        answer(invite(make_child(f"A-{n}", iro), booklet, submitted_at=now()), "wish", "x")
    few = count_queries(client)
    for n in range(8):
        answer(invite(make_child(f"B-{n}", iro), booklet), "wish", "y")
        make_child(f"C-{n}", iro, review_in=-30)
    assert count_queries(client) == few


def test_reloading_the_invitation_page_does_not_stop_the_new_link(client, auth, iro, booklet):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    once = client.get(f"/staff/reviews/{review.id}").page.select_one('input[name="once"]')["value"]
    data = {"booklet": "testbook", "language": "en", "once": once}
    first = client.post(f"/staff/reviews/{review.id}/invitations", data=data)
    assert first.status_code == 200
    again = client.post(f"/staff/reviews/{review.id}/invitations", data=data)
    assert again.status_code == 303
    assert "made already" in client.get(again.headers["Location"]).get_data(as_text=True)
    db.session.refresh(review)
    assert len(review.invitations) == 1 and review.invitations[0].revoked_at is None
