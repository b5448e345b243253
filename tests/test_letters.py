"""The printable invitation letter: an A4 PDF read back, its QR code, and who may make it."""

import re
import socket
from datetime import date, timedelta

import pytest
import zxingcpp

from app.domain.invitations import links as invitations
from app.domain.invitations.qr import png_bytes
from app.domain.messages.letters import Letter, initials, render_letter_pdf
from app.extensions import db
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.factories import (
    codes_in,
    downloaded_pdf,
    form_fields,
    invite_from_page,
    letter_pdf,
    make_child,
    make_user,
    read_pdf,
)

A4_POINTS = (595, 842)


def test_letter_pdf_holds_the_names_and_code_and_its_qr_opens_the_booklet(
    app, client, auth, iro, booklet
):
    iro.phone = "01926 410410"
    db.session.commit()
    child = make_child("C-1", iro, name="Ben", first="Benjamin", review_in=20)
    review = child.reviews[0]
    auth.login()
    fields, link = invite_from_page(client, review)

    reader, text = downloaded_pdf(letter_pdf(client, review, fields), "Ben")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_POINTS
    assert "Hello Ben," in text and "Benjamin" not in text
    assert "Sam Patel" in text and "01926 410410" in text and "iro@example.org" in text
    assert fields["code"] in text and re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", fields["code"])
    day = review.review_date
    assert f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}" in text
    assert link in "".join(text.split())

    (image,) = reader.pages[0].images
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(image.image)]
    assert decoded == [link]
    # The code on the letter is the invitation's own.
    assert (
        invitations.find_by_code(fields["code"]).id == invitations.find_by_token(fields["token"]).id
    )

    # A child's phone, not the IRO's browser, opens the decoded link.
    opened = app.test_client().get(decoded[0].replace("http://localhost", ""))
    assert opened.status_code == 302
    assert opened.headers["Location"].startswith("/my-say")


def test_without_a_photo_the_letter_shows_the_iros_initials(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, review)
    _, text = read_pdf(letter_pdf(client, review, fields).data)
    assert text.startswith("SP Sam Patel")


def test_the_iros_photo_is_on_the_letter(app, client, auth, iro, booklet):
    # Any PNG will do as a face; the QR code's own PNG is at hand.
    iro.photo = png_bytes("a face", box_size=2)
    db.session.commit()
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, link = invite_from_page(client, review)
    reader, text = read_pdf(letter_pdf(client, review, fields).data)
    assert not text.startswith("SP")
    assert codes_in(reader) == sorted(["a face", link])


def test_a_token_from_another_review_is_not_found(client, auth, iro, booklet):
    first = make_child("C-1", iro, name="Ava").reviews[0]
    second = make_child("C-2", iro, name="Ben").reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, second)
    response = letter_pdf(client, first, fields)
    assert response.status_code == 404
    assert "We cannot find this page" in response.get_data(as_text=True)


def test_a_code_that_is_not_the_links_own_is_not_found(client, auth, iro, booklet):
    first = make_child("C-1", iro, name="Ava").reviews[0]
    second = make_child("C-2", iro, name="Ben").reviews[0]
    auth.login()
    mine, _ = invite_from_page(client, first)
    theirs, _ = invite_from_page(client, second)
    mixed = {"token": mine["token"], "code": theirs["code"]}
    assert letter_pdf(client, first, mixed).status_code == 404
    assert letter_pdf(client, first, {**mine, "code": "ACDE-FGHJ"}).status_code == 404


def test_another_iros_review_is_not_found(client, auth, iro, booklet):
    other = make_user(email="other@example.org", name="Alex Other")
    review = make_child("C-1", other, name="Cara").reviews[0]
    auth.login("other@example.org")
    fields, _ = invite_from_page(client, review)
    client.post("/staff/sign-out")
    auth.login()
    response = letter_pdf(client, review, fields)
    assert response.status_code == 404
    assert "Cara" not in response.get_data(as_text=True)


def test_a_stopped_link_makes_no_letter(client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, review)
    invitation = invitations.find_by_token(fields["token"])
    invitation.revoked_at = now()
    db.session.commit()
    response = letter_pdf(client, review, fields)
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "This link no longer works" in html and "make a new invitation" in html


def test_an_expired_link_makes_no_letter(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava", review_in=1).reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, review)
    review.review_date = TODAY - timedelta(days=app.config["INVITATION_DAYS_AFTER_REVIEW"] + 1)
    db.session.commit()
    assert letter_pdf(client, review, fields).status_code == 410


def test_missing_fields_and_missing_csrf_token_are_refused(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, review)
    for partial in ({"token": fields["token"]}, {"code": fields["code"]}, {}):
        response = letter_pdf(client, review, partial)
        assert response.status_code == 400
        assert "Something went wrong with that page" in response.get_data(as_text=True)

    app.config["WTF_CSRF_ENABLED"] = True
    assert letter_pdf(client, review, fields).status_code == 400


def test_the_letter_form_carries_a_csrf_token(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    form = form_fields(client.get(f"/staff/reviews/{review.id}").page, "csrf_token", "once")
    page = client.post(
        f"/staff/reviews/{review.id}/invitations",
        data={"booklet": "testbook", "language": "en", **form},
    ).page
    fields = form_fields(page.select_one("form.letter-form"), "csrf_token", "token", "code")
    assert set(fields) == {"csrf_token", "token", "code"}
    response = letter_pdf(client, review, fields)
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_rendering_fetches_nothing_from_the_network(app, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    letter = Letter(
        respondent="child",
        child_name="Ava",
        iro_name="Sam Patel",
        iro_initials="SP",
        iro_phone=None,
        iro_email=None,
        # Were either fetched, the letter would tell another site who it is for.
        iro_photo="http://example.org/photo.png",
        review_date=date(2027, 1, 14),
        review_day="Thursday 14 January 2027",
        link="http://localhost/b/abc",
        start_url="http://localhost/",
        code="ACDE-FGHJ",
        qr="https://example.org/qr.png",
        expires=date(2027, 1, 28),
        voice="middle",
        pages=10,
        minutes=15,
    )
    with app.test_request_context():
        _, text = read_pdf(render_letter_pdf(letter))
    assert attempts == []
    assert "Hello Ava," in text and "ACDE-FGHJ" in text


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Sam Patel", "SP"), ("Mary-Jane O'Neill", "MO"), ("Cher", "C"), ("", "?")],
)
def test_initials(name, expected):
    assert initials(name) == expected
