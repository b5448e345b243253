"""Issue 11, gap 8: pixel budget for photos, no YAML aliases, NUL bytes refused, HSTS on HTTPS."""

import io
import tracemalloc

import pytest
from PIL import Image

from app.domain.accounts.photos import PhotoError, square_jpeg
from tests.admin_helpers import admin, middle_next, upload
from tests.alerts_helpers import _nothing_leaves_the_machine, alerts, raise_for, worried
from tests.booklet_helpers import POSTED
from tests.factories import answers_of, make_invitation


def huge_png(side: int) -> bytes:
    # One bit a pixel compresses to almost nothing: a small file that claims side x side pixels.
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_a_photo_of_8900_by_8900_pixels_is_refused_before_it_is_decoded():
    data = huge_png(8900)
    assert len(data) < 2_000_000
    tracemalloc.start()
    with pytest.raises(PhotoError, match="too big"):
        square_jpeg(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 20_000_000  # refused from the header: far below the 80 MB a decode would take


def test_a_phone_sized_photo_still_works():
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "orange").save(buffer, format="JPEG")
    out = Image.open(io.BytesIO(square_jpeg(buffer.getvalue())))
    assert out.size == (360, 360)


BOMB = """slug: middle
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]
"""


def test_a_yaml_alias_in_a_booklet_upload_is_refused(client, auth, admin):
    auth.login("admin@example.org")
    page = upload(client, BOMB)
    assert page.status_code == 400
    assert "booklet files cannot use YAML aliases" in page.get_data(as_text=True)
    # An upload without aliases still goes through.
    assert upload(client, middle_next()).status_code in (200, 302, 303)


def test_a_nul_byte_in_a_staff_form_is_a_plain_400_and_the_alert_stays_open(
    app, client, auth, iro, worried
):
    alert = raise_for(worried)
    auth.login()
    response = client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "Phoned\x00 carer"})
    assert response.status_code == 400
    assert "a hidden character" in response.get_data(as_text=True)
    assert alerts()[0].acknowledged_at is None
    ok = client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "Phoned the carer"})
    assert ok.status_code == 303


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/", {"code": "ABC\x00DEF"}),
        ("/staff/sign-in", {"email": "a@b.org", "password": "x\x00"}),
        ("/staff/sign-in", {"email\x00": "a@b.org"}),
    ],
)
def test_nul_bytes_are_refused_in_every_form(client, path, data):
    response = client.post(path, data=data)
    assert response.status_code == 400 and "a hidden character" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_childs_words_saves_nothing_and_says_so(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    words = {
        k: (v + "\x00" if isinstance(v, str) and len(v) > 5 else v) for k, v in POSTED[2].items()
    }
    response = client.post("/my-say/page/2", data=words)
    assert response.status_code == 400 and 'href="/help"' in response.get_data(as_text=True)
    assert answers_of(link) == {}


def test_hsts_only_when_served_over_https(app, client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    app.config["PREFERRED_URL_SCHEME"] = "https"
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")
