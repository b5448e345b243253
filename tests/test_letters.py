"""The printable invitation letter: an A4 PDF read back, its QR code, and who may make it."""

import io
import re
import socket
from datetime import date, timedelta

import pypdf
import pytest
import zxingcpp

from app.domain.invitations import links as invitations
from app.domain.invitations.qr import png_bytes
from app.domain.messages.letters import Letter, initials, render_letter_pdf
from app.extensions import db
from app.models import BookletVersion, utcnow
from tests.conftest import make_user
from tests.test_staff import DEFINITION, make_child

A4_POINTS = (595, 842)


@pytest.fixture
def booklet(app):
    version = BookletVersion(slug="testbook", version=1, definition=DEFINITION)
    db.session.add(version)
    db.session.commit()
    return version


def make_invitation(client, review):
    """Make an invitation from the review page, as an IRO does; the page's letter form fields."""
    page = client.post(
        f"/staff/reviews/{review.id}/invitations", data={"booklet": "testbook", "language": "en"}
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Download the letter (PDF)" in html
    fields = dict(re.findall(r'name="(token|code)" value="([^"]+)"', html))
    link = re.search(r'class="link-text"><a href="([^"]+)"', html).group(1)
    return fields, link


def download(client, review, fields):
    return client.post(f"/staff/reviews/{review.id}/letter.pdf", data=fields)


def codes_in(reader):
    """What every QR code among the pictures of the PDF's first page says, sorted."""
    return sorted(
        barcode.text
        for image in reader.pages[0].images
        for barcode in zxingcpp.read_barcodes(image.image)
    )


def read_pdf(data):
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    return reader, text


def test_letter_pdf_holds_the_names_and_code_and_its_qr_opens_the_booklet(
    app, client, auth, iro, booklet
):
    iro.phone = "01926 410410"
    db.session.commit()
    child = make_child("C-1", iro, name="Ben", first="Benjamin", review_in=20)
    review = child.reviews[0]
    auth.login()
    fields, link = make_invitation(client, review)

    response = download(client, review, fields)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Ben" not in response.headers["Content-Disposition"]

    reader, text = read_pdf(response.data)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == A4_POINTS
    assert "Hello Ben," in text and "Benjamin" not in text
    assert "Sam Patel" in text and "01926 410410" in text and "iro@example.org" in text
    assert fields["code"] in text and re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", fields["code"])
    day = review.review_date
    assert f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}" in text
    assert link in text.replace(" ", "")

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
    fields, _ = make_invitation(client, review)
    _, text = read_pdf(download(client, review, fields).data)
    assert text.startswith("SP Sam Patel")


def test_the_iros_photo_is_on_the_letter(app, client, auth, iro, booklet):
    # Any PNG will do as a face; the QR code's own PNG is at hand.
    iro.photo = png_bytes("a face", box_size=2)
    db.session.commit()
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, link = make_invitation(client, review)
    reader, text = read_pdf(download(client, review, fields).data)
    assert not text.startswith("SP")
    assert codes_in(reader) == sorted(["a face", link])


def test_a_token_from_another_review_is_not_found(client, auth, iro, booklet):
    first = make_child("C-1", iro, name="Ava").reviews[0]
    second = make_child("C-2", iro, name="Ben").reviews[0]
    auth.login()
    fields, _ = make_invitation(client, second)
    response = download(client, first, fields)
    assert response.status_code == 404
    assert "We cannot find this page" in response.get_data(as_text=True)


def test_a_code_that_is_not_the_links_own_is_not_found(client, auth, iro, booklet):
    first = make_child("C-1", iro, name="Ava").reviews[0]
    second = make_child("C-2", iro, name="Ben").reviews[0]
    auth.login()
    mine, _ = make_invitation(client, first)
    theirs, _ = make_invitation(client, second)
    mixed = {"token": mine["token"], "code": theirs["code"]}
    assert download(client, first, mixed).status_code == 404
    assert download(client, first, {**mine, "code": "ACDE-FGHJ"}).status_code == 404


def test_another_iros_review_is_not_found(client, auth, iro, booklet):
    other = make_user(email="other@example.org", name="Alex Other")
    review = make_child("C-1", other, name="Cara").reviews[0]
    auth.login("other@example.org")
    fields, _ = make_invitation(client, review)
    client.post("/staff/sign-out")
    auth.login()
    response = download(client, review, fields)
    assert response.status_code == 404
    assert "Cara" not in response.get_data(as_text=True)


def test_a_stopped_link_makes_no_letter(client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, _ = make_invitation(client, review)
    invitation = invitations.find_by_token(fields["token"])
    invitation.revoked_at = utcnow()
    db.session.commit()
    response = download(client, review, fields)
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "This link no longer works" in html and "make a new invitation" in html


def test_an_expired_link_makes_no_letter(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava", review_in=1).reviews[0]
    auth.login()
    fields, _ = make_invitation(client, review)
    review.review_date = date.today() - timedelta(
        days=app.config["INVITATION_DAYS_AFTER_REVIEW"] + 1
    )
    db.session.commit()
    assert download(client, review, fields).status_code == 410


def test_missing_fields_and_missing_csrf_token_are_refused(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, _ = make_invitation(client, review)
    for partial in ({"token": fields["token"]}, {"code": fields["code"]}, {}):
        response = download(client, review, partial)
        assert response.status_code == 400
        assert "Something went wrong with that page" in response.get_data(as_text=True)

    app.config["WTF_CSRF_ENABLED"] = True
    assert download(client, review, fields).status_code == 400


def test_the_letter_form_carries_a_csrf_token(app, client, auth, iro, booklet):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/staff/reviews/{review.id}").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    once = re.search(r'name="once" type="hidden" value="([^"]+)"', page).group(1)
    html = client.post(
        f"/staff/reviews/{review.id}/invitations",
        data={"booklet": "testbook", "language": "en", "once": once, "csrf_token": csrf},
    ).get_data(as_text=True)
    form = html.split('class="letter-form"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'name="(csrf_token|token|code)" value="([^"]+)"', form))
    assert set(fields) == {"csrf_token", "token", "code"}
    response = download(client, review, fields)
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
