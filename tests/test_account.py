"""Your details: the name, phone and photo a child's letter shows, and changing the password."""

import io
import re
from html import unescape

import pytest
from PIL import Image

from app.domain.accounts.photos import SIDE
from app.domain.invitations.qr import png_bytes
from app.extensions import db
from tests.test_letters import (  # noqa: F401
    booklet,
    codes_in,
    download,
    make_invitation,
    read_pdf,
)
from tests.test_staff import make_child


def camera_jpeg(size=(1200, 900)) -> bytes:
    """A landscape JPEG like a phone's, with EXIF naming the phone and where it was taken."""
    image = Image.new("RGB", size, (200, 120, 80))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x8825] = {1: "N", 2: (52.0, 17.0, 3.0), 3: "W", 4: (1.0, 32.0, 40.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def save(client, **fields):
    data = {"name": "Sam Patel", "phone": "", **fields}
    return client.post("/staff/account", data=data, content_type="multipart/form-data")


def test_the_page_shows_your_details_and_is_linked_from_every_staff_page(client, auth, iro):
    iro.phone = "01926 410410"
    db.session.commit()
    auth.login()
    caseload = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/account"' in caseload
    html = client.get("/staff/account").get_data(as_text=True)
    assert 'value="Sam Patel"' in html and 'value="01926 410410"' in html
    assert "letters show your initials" in html


def test_signed_out_the_page_asks_you_to_sign_in(client):
    response = client.get("/staff/account")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_a_camera_photo_is_kept_as_a_small_square_without_where_it_was_taken(client, auth, iro):
    auth.login()
    upload = camera_jpeg()
    assert b"PhoneMaker" in upload
    response = save(client, phone="01632 960 123", photo=(io.BytesIO(upload), "me.jpg"))
    assert response.status_code == 302
    page = client.get("/staff/account").get_data(as_text=True)
    assert "Your details are saved" in page
    assert 'alt="Your photo as letters show it"' in page

    db.session.refresh(iro)
    assert iro.phone == "01632 960 123"
    stored = Image.open(io.BytesIO(iro.photo))
    assert stored.format == "JPEG" and stored.size == (SIDE, SIDE)
    assert not stored.getexif()
    assert b"PhoneMaker" not in iro.photo and b"Model X" not in iro.photo


def test_the_uploaded_photo_is_on_the_letter_and_the_print_page(client, auth, iro, booklet):  # noqa: F811
    # A QR code as the "face": after the square crop and JPEG it must still be that picture.
    auth.login()
    face = png_bytes("a face", box_size=8)
    assert save(client, photo=(io.BytesIO(face), "face.png")).status_code == 302

    review = make_child("C-1", iro, name="Ava").reviews[0]
    fields, link = make_invitation(client, review)
    reader, text = read_pdf(download(client, review, fields).data)
    assert not text.startswith("SP")
    assert codes_in(reader) == sorted(["a face", link])


def test_a_file_that_is_not_a_photo_is_refused_and_the_old_photo_kept(client, auth, iro):
    auth.login()
    assert save(client, photo=(io.BytesIO(camera_jpeg()), "me.jpg")).status_code == 302
    db.session.refresh(iro)
    before = iro.photo

    response = save(
        client, name="Sam Changed", photo=(io.BytesIO(b"%PDF-1.4 not a picture"), "cv.pdf")
    )
    assert response.status_code == 400
    html = unescape(response.get_data(as_text=True))
    assert "There is a problem" in html
    assert "That file is not a photo we can read: use a JPEG or PNG" in html
    # What was typed stays in the form; nothing saved is lost.
    assert 'value="Sam Changed"' in html
    db.session.refresh(iro)
    assert iro.photo == before and iro.name == "Sam Patel"


def test_remove_photo_goes_back_to_the_initials(client, auth, iro):
    auth.login()
    save(client, photo=(io.BytesIO(camera_jpeg()), "me.jpg"))
    assert "Remove my photo" in client.get("/staff/account").get_data(as_text=True)
    assert save(client, remove_photo="y").status_code == 302
    db.session.refresh(iro)
    assert iro.photo is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Enter your name"),
        ({"phone": "call me"}, "Enter a phone number using digits and spaces"),
        ({"name": "x" * 121}, "Your name must be 120 characters or fewer"),
    ],
)
def test_bad_details_get_a_plain_message(client, auth, iro, fields, message):
    auth.login()
    response = save(client, **fields)
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    db.session.refresh(iro)
    assert iro.name == "Sam Patel" and iro.phone is None


def change(client, current, new, confirm=None):
    return client.post(
        "/staff/account/password",
        data={
            "password-current": current,
            "password-new": new,
            "password-confirm": new if confirm is None else confirm,
        },
    )


@pytest.mark.parametrize(
    ("current", "new", "confirm", "message"),
    [
        ("wrong one", "a much longer secret", None, "That is not your current password"),
        ("correct horse", "short", None, "at least 12 characters"),
        ("correct horse", "a much longer secret", "another longer one", "are not the same"),
    ],
)
def test_a_password_change_that_cannot_be_done_says_why(
    client, auth, iro, current, new, confirm, message
):
    auth.login()
    response = change(client, current, new, confirm)
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    client.post("/staff/sign-out")
    assert "My children" in auth.login().get_data(as_text=True)


def test_after_changing_the_password_only_the_new_one_signs_in(app, client, auth, iro):
    auth.login()
    response = change(client, "correct horse", "a much longer secret")
    assert response.status_code == 302
    assert "Your password is changed" in client.get("/staff/account").get_data(as_text=True)
    client.post("/staff/sign-out")
    refused = auth.login().get_data(as_text=True)
    assert "do not match an account" in unescape(refused)
    assert "My children" in auth.login(password="a much longer secret").get_data(as_text=True)


def test_the_two_forms_on_the_page_have_no_ids_in_common(client, auth, iro):
    auth.login()
    html = client.get("/staff/account").get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_print_page_shows_the_photo_and_phone(client, auth, iro, booklet):  # noqa: F811
    auth.login()
    save(client, phone="01632 960 123", photo=(io.BytesIO(camera_jpeg()), "me.jpg"))
    review = make_child("C-1", iro, name="Ava").reviews[0]
    html = client.post(
        f"/staff/reviews/{review.id}/invitations", data={"booklet": "testbook", "language": "en"}
    ).get_data(as_text=True)
    letter = html.split('class="letter"', 1)[1]
    assert 'class="photo" src="data:image/jpeg;base64,' in letter
    assert "Phone: 01632 960 123" in letter and "Hello Ava," in letter
