"""Issue 11, gap 5: staff sessions the server can end; an idle session ends with a warning."""

from datetime import datetime, timedelta

import time_machine

from tests.accounts import admin
from tests.clock import now
from tests.staff_accounts_helpers import sign_in


def cookie_of(client) -> str:
    return client.get_cookie("session").value


def with_cookie(app, value):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def test_a_copied_cookie_stops_working_after_sign_out(app, client, iro):
    sign_in(client, "iro@example.org")
    copied = cookie_of(client)
    assert with_cookie(app, copied).get("/staff/").status_code == 200
    client.post("/staff/sign-out")
    assert with_cookie(app, copied).get("/staff/").status_code == 302


def test_signing_out_ends_the_session_on_every_device(app, iro):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "iro@example.org")
    sign_in(laptop, "iro@example.org")
    phone.post("/staff/sign-out")
    assert laptop.get("/staff/").status_code == 302


def test_changing_the_password_ends_every_other_session(app, iro):
    phone, laptop = app.test_client(), app.test_client()
    sign_in(phone, "iro@example.org")
    sign_in(laptop, "iro@example.org")
    page = laptop.post(
        "/staff/account/password",
        data={
            "password-current": "correct horse",
            "password-new": "a brand new password",
            "password-confirm": "a brand new password",
        },
        follow_redirects=True,
    )
    assert "You are signed out everywhere else" in page.get_data(as_text=True)
    assert laptop.get("/staff/").status_code == 200
    assert phone.get("/staff/").status_code == 302


def test_disabling_an_account_ends_its_sessions_at_once(app, auth, client, iro, admin):
    iro_browser = app.test_client()
    sign_in(iro_browser, "iro@example.org")
    auth.login("admin@example.org")
    client.post(f"/admin/staff/{iro.id}/disable")
    assert iro_browser.get("/staff/").status_code == 302


def test_an_idle_session_ends_and_says_why(client, iro):
    sign_in(client, "iro@example.org")
    page = client.get("/staff/").get_data(as_text=True)
    assert "you are signed out after 30 minutes without using My Say" in page
    later = now() + timedelta(minutes=31)
    with time_machine.travel(later, tick=False):
        response = client.get("/staff/", follow_redirects=True)
        assert "was not used for 30 minutes" in response.get_data(as_text=True)
        assert "/staff/sign-in" in response.request.path


def test_a_session_used_within_the_limit_goes_on(client, iro):
    sign_in(client, "iro@example.org")
    for minutes in (20, 40, 60):  # each visit is within 30 minutes of the one before
        with time_machine.travel(now() + timedelta(minutes=minutes), tick=False):
            assert client.get("/staff/").status_code == 200
