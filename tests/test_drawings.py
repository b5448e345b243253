"""Issue 15: in Little and Easy Read a child draws (or photographs a drawing) and may say their
answer out loud; the IRO sees the drawing and plays the recording, and nobody else may."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from PIL import Image

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.privacy import crypto, records
from app.extensions import db
from app.models import BookletVersion
from app.models.media import AnswerMedia
from tests.conftest import make_user
from tests.factories import answers_of, downloaded_pdf, invitation_row, soup, text_of
from tests.media_helpers import (
    PLACE,
    WEBM,
    drawn_png,
    houses_page,
    open_little,
    photo_with_exif,
)


def _post(client, number, fields=None, files=None, action="next"):
    data = dict(fields or {}, action=action)
    for name, (raw, filename) in (files or {}).items():
        data[name] = (io.BytesIO(raw), filename)
    return client.post(f"/my-say/page/{number}", data=data, content_type="multipart/form-data")


def _kept(link, key, kind="drawing") -> AnswerMedia | None:
    db.session.expire_all()
    return db.session.execute(
        db.select(AnswerMedia).filter_by(invitation_id=link.id, question_key=key, kind=kind)
    ).scalar_one_or_none()


@pytest.mark.parametrize("slug", ["little", "easy"])
def test_the_three_houses_are_drawings_in_a_new_version_and_older_ones_stay(app, slug):
    booklet = booklet_of(latest_version(slug))
    assert booklet.version == 4
    assert booklet.question("house_worries").kind == "drawing"
    older = db.session.execute(
        db.select(BookletVersion).filter_by(slug=slug, version=3)
    ).scalar_one_or_none()
    if older is not None:
        assert booklet_of(older).question("house_worries").kind == "long_text"


def test_without_javascript_the_page_asks_for_a_photo_of_a_drawing(app, client):
    open_little(client)
    page = client.get(f"/my-say/page/{houses_page()}").page
    form = page.select_one("form#booklet-page")
    assert form["enctype"] == "multipart/form-data"
    photo = page.select_one('input[type="file"][name="house_worries-drawing"]')
    assert photo["accept"] == "image/*" and photo["capture"] == "environment"
    assert text_of(page.select_one(f'label[for="{photo["id"]}"]')) == "Take a photo of your drawing"
    # The drawing pad and the recorder wait for the script; without it they are not there.
    assert page.select_one(".drawing-question [data-drawing-pad]").has_attr("hidden")
    assert page.select_one(".drawing-question [data-voice]").has_attr("hidden")


def test_a_photo_is_drawn_afresh_upright_and_without_what_the_phone_added(app, client):
    link = open_little(client)
    photo = photo_with_exif(orientation=6)  # the phone was held on its side
    response = _post(client, houses_page(), files={"house_worries-drawing": (photo, "a.jpg")})
    assert response.status_code == 302
    kept = _kept(link, "house_worries")
    assert kept.mimetype == "image/jpeg"
    image = Image.open(io.BytesIO(kept.data))
    # Turned the way it was held, made smaller, and with nothing but the picture.
    assert image.size == (1200, 1600)
    assert not image.getexif()
    assert PLACE.encode() not in kept.data and b"PhoneMaker" not in kept.data
    # Encrypted at rest: the stored bytes are not the picture.
    stored = db.session.execute(
        db.text("SELECT data FROM answer_media WHERE id = :id"), {"id": kept.id}
    ).scalar_one()
    assert b"JFIF" not in bytes(stored) and kept.data[:3] == b"\xff\xd8\xff"
    page = client.get(f"/my-say/page/{houses_page()}").page
    assert "Your drawing is saved." in text_of(page.select_one("#q-house_worries-group"))
    img = page.select_one("#q-house_worries-group img.drawing-image")
    shown = client.get(img["src"])
    assert shown.status_code == 200 and shown.mimetype == "image/jpeg"
    assert "no-store" in shown.headers["Cache-Control"]


def test_a_drawing_from_the_screen_stays_a_png_on_white(app, client):
    link = open_little(client)
    _post(client, houses_page(), files={"house_good-drawing": (drawn_png(), "drawing.png")})
    kept = _kept(link, "house_good")
    assert kept.mimetype == "image/png"
    image = Image.open(io.BytesIO(kept.data))
    assert image.mode == "RGB" and image.getpixel((10, 10)) == (255, 255, 255)
    assert image.getpixel((400, 300)) == (212, 53, 28)


def test_a_file_that_is_not_a_picture_is_refused_in_plain_words_and_nothing_is_lost(app, client):
    link = open_little(client)
    number = houses_page()
    _post(client, number, files={"house_worries-drawing": (drawn_png(), "drawing.png")})
    before = _kept(link, "house_worries").data
    response = _post(
        client,
        number,
        fields={"house_good": "My dog Biscuit"},
        files={"house_worries-drawing": (b"%PDF-1.7 not a picture", "photo.jpg")},
    )
    assert response.status_code == 400
    page = soup(response.get_data(as_text=True))
    assert "That file is not a picture. Take a photo of your drawing, or skip this." in text_of(
        page.select_one(".error-summary")
    )
    assert _kept(link, "house_worries").data == before
    # The other question's words on the page were saved all the same.
    assert answers_of(link)["house_good"].value == "My dog Biscuit"


def test_a_voice_answer_is_kept_when_it_is_audio_and_small(app, client):
    link = open_little(client)
    number = houses_page()
    assert _post(client, number, files={"house_wishes-voice": (WEBM, "v.webm")}).status_code == 302
    kept = _kept(link, "house_wishes", "voice")
    assert kept.mimetype == "audio/webm" and kept.data == WEBM
    played = client.get("/my-say/media/house_wishes/voice")
    assert played.mimetype == "audio/webm" and played.data == WEBM

    refused = _post(client, number, files={"house_wishes-voice": (b"hello there", "v.webm")})
    assert refused.status_code == 400
    assert "We could not play that recording." in refused.get_data(as_text=True)
    too_long = WEBM + bytes(2 * 1024 * 1024)
    refused = _post(client, number, files={"house_wishes-voice": (too_long, "v.webm")})
    assert "The recording is too long. Please keep it under 60 seconds." in refused.get_data(
        as_text=True
    )
    assert _kept(link, "house_wishes", "voice").data == WEBM


def test_the_child_can_take_out_a_drawing_and_a_recording(app, client):
    link = open_little(client)
    number = houses_page()
    _post(
        client,
        number,
        files={
            "house_worries-drawing": (drawn_png(), "d.png"),
            "house_worries-voice": (WEBM, "v.webm"),
        },
    )
    page = client.get(f"/my-say/page/{number}").page
    assert page.select_one("#q-house_worries-voice-remove")
    _post(
        client, number, {"house_worries-drawing-remove": "yes", "house_worries-voice-remove": "yes"}
    )
    assert _kept(link, "house_worries") is None and _kept(link, "house_worries", "voice") is None


def _sent_with_media(client, only_iro=False):
    link = open_little(client, name="Robin")
    fields = {"house_worries-only-iro": "yes"} if only_iro else {}
    _post(
        client,
        houses_page(),
        fields,
        files={
            "house_worries-drawing": (drawn_png(), "d.png"),
            "house_worries-voice": (WEBM, "v.webm"),
        },
    )
    check = client.get("/my-say/check").page
    row = next(
        div for div in check.select("dl.answers > div") if "my house of worries" in text_of(div)
    )
    # The check page says the drawing and the recording are included, not "Not answered".
    assert "A drawing" in text_of(row) and "A voice recording" in text_of(row)
    assert "Not answered" not in text_of(row)
    client.post("/my-say/check", data={})
    return link


def test_the_iro_sees_the_drawing_and_plays_the_recording_and_the_pdfs_say_so(app, client, auth):
    link = _sent_with_media(client)
    reader, text = downloaded_pdf(client.get("/my-say/my-answers.pdf"), "Robin")
    assert "A drawing" in text and "A voice recording" in text
    # The drawing itself is in the child's copy.
    assert any(page.images for page in reader.pages)

    review_id = invitation_row(link).review_id
    auth.login()
    page = client.get(f"/staff/reviews/{review_id}").page
    img = page.select_one("img.child-drawing")
    assert img["alt"] == "Drawing for: Draw or tell: my house of worries"
    picture = client.get(img["src"])
    assert picture.status_code == 200 and picture.mimetype == "image/png"
    assert picture.headers["Cache-Control"] == "private, no-store"
    Image.open(io.BytesIO(picture.data)).verify()
    audio = page.select_one("audio")
    sound = client.get(audio["src"])
    assert sound.status_code == 200 and sound.mimetype == "audio/webm" and sound.data == WEBM

    reader, text = downloaded_pdf(client.get(f"/staff/reviews/{review_id}/answers.pdf"), "Robin")
    assert "A drawing" in text and "A voice recording" in text
    assert any(page.images for page in reader.pages)

    # Another IRO is told there is nothing there.
    make_user(email="other@example.org", name="Other IRO")
    auth.switch_to("other@example.org")
    assert client.get(img["src"]).status_code == 404
    assert client.get(audio["src"]).status_code == 404


def test_a_drawing_kept_for_the_iro_alone_is_not_shown_to_a_manager(
    app, client, auth, iro, manager
):
    link = _sent_with_media(client, only_iro=True)
    review_id = invitation_row(link).review_id
    auth.login()
    src = client.get(f"/staff/reviews/{review_id}").page.select_one("img.child-drawing")["src"]
    assert client.get(src).status_code == 200
    auth.switch_to("manager@example.org")
    page = client.get(f"/staff/reviews/{review_id}").page
    assert page.select_one("img.child-drawing") is None
    assert client.get(src).status_code == 404


def test_a_picture_too_big_to_open_safely_is_refused(app, client):
    link = open_little(client)
    huge = io.BytesIO()
    # Sixty-four million pixels: a small file that would take gigabytes to open.
    Image.new("1", (8000, 8000)).save(huge, "PNG")
    response = _post(
        client, houses_page(), files={"house_good-drawing": (huge.getvalue(), "a.png")}
    )
    assert response.status_code == 400
    assert "That picture is too big." in response.get_data(as_text=True)
    assert _kept(link, "house_good") is None


def test_keys_rotate_re_encrypts_drawings_and_recordings_too(app, client, runner):
    link = open_little(client)
    _post(
        client,
        houses_page(),
        files={"house_good-drawing": (drawn_png(), "d.png"), "house_good-voice": (WEBM, "v.webm")},
    )
    new = Fernet.generate_key().decode()
    try:
        crypto.configure([new, app.config["DATA_KEYS"][0]])
        assert runner.invoke(args=["keys", "rotate"]).exit_code == 0
        crypto.configure([new])  # the old key is gone now
        assert _kept(link, "house_good", "voice").data == WEBM
        assert _kept(link, "house_good").data[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        crypto.configure(app.config["DATA_KEYS"])


def test_a_subject_access_export_names_them_and_erasing_the_child_deletes_them(app, client):
    link = open_little(client)
    _post(client, houses_page(), files={"house_good-drawing": (drawn_png(), "d.png")})
    child = invitation_row(link).review.child
    booklet = records.subject_access(child)["reviews"][0]["booklets"][0]
    drawn = next(a for a in booklet["answers"] if a["question"].endswith("house of good things"))
    assert drawn["also"] == ["A drawing"]
    records.erase(child)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(AnswerMedia.id))) == 0


def test_a_photo_bigger_than_any_other_request_may_be_is_refused_and_the_words_are_saved(
    app, client
):
    # Scaled down: requests may be 100 KB, a booklet page 400 KB, a picture kept 200 KB.
    app.config.update(
        MAX_CONTENT_LENGTH=100_000,
        BOOKLET_PAGE_MAX_CONTENT_LENGTH=400_000,
        MAX_DRAWING_BYTES=200_000,
    )
    link = open_little(client)
    number = houses_page()
    camera = photo_with_exif(size=(300, 200)) + bytes(150_000)  # a real photo, 150 KB or more
    kept = _post(
        client,
        number,
        fields={"house_good": "My dog Biscuit"},
        files={"house_worries-drawing": (camera, "IMG_0001.jpg")},
    )
    # Over the usual limit for a request, but a booklet page takes it: the photo is kept.
    assert kept.status_code in (200, 302), kept.status_code
    before = _kept(link, "house_worries").data
    too_big = _post(
        client,
        number,
        fields={"house_good": "My cat Pepper"},
        files={"house_worries-drawing": (camera + bytes(100_000), "IMG_0002.jpg")},
    )
    assert too_big.status_code == 400
    assert "That picture is too big." in text_of(soup(too_big.get_data(as_text=True)))
    # The words typed on the same page are saved all the same, and the earlier photo stays.
    assert answers_of(link)["house_good"].value == "My cat Pepper"
    assert _kept(link, "house_worries").data == before
    # Elsewhere the usual limit holds.
    assert client.post("/", data={"code": "x" * 150_000}).status_code == 413
