"""Your details: the name, phone and photo a child's letter shows, and changing the password."""

import io

import pytest
from PIL import Image

from app.domain.accounts.photos import SIDE
from app.domain.invitations.qr import png_bytes
from app.extensions import db
from tests.factories import (
    codes_in,
    invite_from_page,
    letter_pdf,
    make_child,
    read_pdf,
    text_of,
)


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
    assert client.get("/staff/").page.select_one('a[href="/staff/account"]')
    page = client.get("/staff/account").page
    assert page.select_one('input[name="name"]')["value"] == "Sam Patel"
    assert page.select_one('input[name="phone"]')["value"] == "01926 410410"
    assert "letters show your initials" in text_of(page)


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
    page = client.get("/staff/account").page
    assert "Your details are saved" in text_of(page)
    assert page.select_one('img[alt="Your photo as letters show it"]')

    db.session.refresh(iro)
    assert iro.phone == "01632 960 123"
    stored = Image.open(io.BytesIO(iro.photo))
    assert stored.format == "JPEG" and stored.size == (SIDE, SIDE)
    assert not stored.getexif()
    assert b"PhoneMaker" not in iro.photo and b"Model X" not in iro.photo


def test_the_uploaded_photo_is_on_the_letter_and_the_print_page(client, auth, iro, booklet):
    # A QR code as the "face": after the square crop and JPEG it must still be that picture.
    auth.login()
    face = png_bytes("a face", box_size=8)
    assert save(client, photo=(io.BytesIO(face), "face.png")).status_code == 302

    review = make_child("C-1", iro, name="Ava").reviews[0]
    fields, link = invite_from_page(client, review)
    reader, text = read_pdf(letter_pdf(client, review, fields).data)
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
    words = text_of(response)
    assert "There is a problem" in words
    assert "That file is not a photo we can read: use a JPEG or PNG" in words
    # What was typed stays in the form; nothing saved is lost.
    assert response.page.select_one('input[name="name"]')["value"] == "Sam Changed"
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
    assert message in text_of(response)
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
    assert message in text_of(response)
    client.post("/staff/sign-out")
    assert "My children" in auth.login().get_data(as_text=True)


def test_after_changing_the_password_only_the_new_one_signs_in(app, client, auth, iro):
    auth.login()
    response = change(client, "correct horse", "a much longer secret")
    assert response.status_code == 302
    assert "Your password is changed" in client.get("/staff/account").get_data(as_text=True)
    client.post("/staff/sign-out")
    assert "do not match an account" in text_of(auth.login())
    assert "My children" in auth.login(password="a much longer secret").get_data(as_text=True)


def test_the_two_forms_on_the_page_have_no_ids_in_common(client, auth, iro):
    auth.login()
    ids = [element["id"] for element in client.get("/staff/account").page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_print_page_shows_the_photo_and_phone(client, auth, iro, booklet):
    auth.login()
    save(client, phone="01632 960 123", photo=(io.BytesIO(camera_jpeg()), "me.jpg"))
    review = make_child("C-1", iro, name="Ava").reviews[0]
    page = client.post(
        f"/staff/reviews/{review.id}/invitations", data={"booklet": "testbook", "language": "en"}
    ).page
    letter = page.select_one("article.letter")
    assert letter.select_one("img.photo")["src"].startswith("data:image/jpeg;base64,")
    assert "Phone: 01632 960 123" in text_of(letter) and "Hello Ava," in text_of(letter)
