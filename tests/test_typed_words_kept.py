"""Issue 11, gap 7: a second tab, a lost cookie or an expired page keeps the child's typed words,
and every error page is worded for a child with the way to get help now."""

import re

import pytest
from flask import abort

from tests.booklet_helpers import POSTED
from tests.factories import answers_of, make_invitation

WORDS = {**POSTED[2]}


def resume_note(html: str) -> str:
    return re.search(r'name="resume" value="([^"]+)"', html).group(1)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_a_lost_cookie_keeps_the_words_and_the_link_brings_them_back(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    note = resume_note(client.get("/my-say/page/2").get_data(as_text=True))

    cookieless = app.test_client()  # the phone forgot the cookie while the child was typing
    page = cookieless.post("/my-say/page/2", data={**WORDS, "resume": note})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Your answers are saved" in html and "open the link from your letter again" in html
    assert answers_of(link)

    again = app.test_client()
    assert again.get(f"/b/{link.token}").location == "/my-say/page/2"
    assert "My nan" in again.get("/my-say/page/2").get_data(as_text=True)


def test_a_second_tab_on_a_shared_phone_never_mixes_two_childrens_words(app, client):
    first, second = make_invitation("C1", "Ava"), make_invitation("C2", "Ben")
    client.get(f"/b/{first.token}")
    note = resume_note(client.get("/my-say/page/2").get_data(as_text=True))
    client.get(f"/b/{second.token}")  # another child opens their own link in a new tab
    page = client.post("/my-say/page/2", data={**WORDS, "resume": note})
    assert page.status_code == 200 and "Your answers are saved" in page.get_data(as_text=True)
    assert answers_of(first) and not answers_of(second)


def test_an_expired_form_token_still_keeps_the_words(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    link = make_invitation()
    client.get(f"/b/{link.token}")
    html = client.get("/my-say/page/2").get_data(as_text=True)
    cookieless = app.test_client()
    page = cookieless.post(
        "/my-say/page/2", data={**WORDS, "resume": resume_note(html), "csrf_token": csrf_of(html)}
    )
    assert page.status_code == 200 and "Your answers are saved" in page.get_data(as_text=True)
    assert any("My nan" in str(a.value) for a in answers_of(link).values())


def test_a_forged_note_saves_nothing(app, client):
    link = make_invitation()
    page = client.post("/my-say/page/2", data={**WORDS, "resume": "1.forged.note"})
    assert page.status_code == 403 and "Open your link again" in page.get_data(as_text=True)
    assert answers_of(link) == {}


def test_an_expired_form_without_a_note_is_a_childs_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.post("/", data={"code": "ABC-DEF", "csrf_token": "old"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "This page was open for a long time" in html
    assert 'href="/help"' in html


@pytest.mark.parametrize("status", [400, 403, 404, 405, 410, 413, 429, 500])
def test_every_error_page_has_the_help_now_link_and_no_staff_jargon(app, status):
    @app.route(f"/test-error-{status}")
    def fails():
        if status == 500:
            raise RuntimeError("a bug")
        abort(status)

    response = app.test_client().get(f"/test-error-{status}")
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert 'class="help-now" href="/help"' in html and "Childline 0800 1111" in html
    assert "Traceback" not in html and "request was not right" not in html


def test_real_errors_get_the_same_page(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 100
    for response, status in (
        (client.get("/no-such-page"), 404),
        (client.get("/staff/sign-out"), 405),
        (client.post("/", data={"code": "x" * 200}), 413),
    ):
        assert response.status_code == status
        assert 'href="/help"' in response.get_data(as_text=True)


def test_a_note_on_a_page_opened_before_the_notes_changed_form_still_keeps_the_words(app):
    # Pages drawn before this release carry a URL-safe note; they stay open for days on a phone.
    from itsdangerous import URLSafeTimedSerializer

    link = make_invitation()
    old_note = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="my-say-booklet-page").dumps(
        link.id
    )
    page = app.test_client().post("/my-say/page/2", data={**WORDS, "resume": old_note})
    assert page.status_code == 200 and "Your answers are saved" in page.get_data(as_text=True)
    assert answers_of(link)


def test_a_note_signed_with_another_key_saves_nothing(app):
    from itsdangerous import TimedSerializer

    link = make_invitation()
    note = TimedSerializer("not the app's key", salt="my-say-booklet-page").dumps(link.id)
    page = app.test_client().post("/my-say/page/2", data={**WORDS, "resume": note})
    assert page.status_code != 500 and not answers_of(link)


def test_the_session_follows_the_secret_key_and_its_fallbacks(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    assert client.get("/my-say/page/2").status_code == 200
    old = app.secret_key
    # A new key, the old one kept as a fallback: the child's session still opens.
    app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = "a new key", [old]
    assert client.get("/my-say/page/2").status_code == 200
    # Without the fallback, a cookie signed with the old key is no session at all.
    app.config["SECRET_KEY_FALLBACKS"] = []
    client.set_cookie("session", _signed_with(app, old, {"invitation_id": link.id}))
    assert client.get("/my-say/page/2").status_code == 403


def _signed_with(app, key, data):
    from flask.sessions import SecureCookieSessionInterface

    class Keyed:
        secret_key = key
        config = {"SECRET_KEY_FALLBACKS": []}

    return SecureCookieSessionInterface().get_signing_serializer(Keyed).dumps(data)
