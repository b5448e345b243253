"""Issue 11, gap 4: staff accounts managed by an admin, two-step sign-in, lockout, no enumeration."""

import pytest

from app.domain.accounts import signin
from app.extensions import db
from app.models import Role, User
from app.models.alerts import OutboxMessage
from tests.accounts import (
    admin,
    code_now,
    emailed_links,
    next_code_step,
    path_of,
    turn_on_two_step,
)
from tests.conftest import make_user
from tests.staff_accounts_helpers import sign_in


def test_an_admin_invites_someone_who_chooses_their_password_from_the_link(
    client,
    auth,
    admin,
    emailed_links,
):
    auth.login("admin@example.org")
    page = client.post(
        "/admin/staff/invite",
        data={"name": "Nia Jones", "email": "Nia.Jones@example.org", "role": "iro", "team": ""},
        follow_redirects=True,
    )
    assert page.status_code == 200 and "An invitation has gone to nia.jones@example.org" in (
        page.get_data(as_text=True)
    )
    (link,) = emailed_links
    stored = db.session.scalars(db.select(OutboxMessage)).one()
    assert stored.to == "nia.jones@example.org" and link not in stored.body
    client.post("/staff/sign-out")

    # Before the link is used nobody can sign in to the account, whatever they type.
    user = db.session.execute(db.select(User).filter_by(email="nia.jones@example.org")).scalar_one()
    assert user.role == Role.IRO and not user.password_hash.startswith(("scrypt", "pbkdf2"))
    short = client.post(path_of(link), data={"new": "short", "confirm": "short"})
    assert short.status_code == 400 and "at least 12 characters" in short.get_data(as_text=True)
    done = client.post(
        path_of(link), data={"new": "a long new password", "confirm": "a long new password"}
    )
    assert done.status_code == 302
    assert sign_in(client, "nia.jones@example.org", "a long new password").status_code == 302
    # The link worked once.
    client.post("/staff/sign-out")
    assert client.get(path_of(link)).status_code == 404


def test_only_admins_manage_accounts(client, auth, manager, iro):
    for email in ("manager@example.org", "iro@example.org"):
        auth.login(email)
        assert client.get("/admin/staff").status_code == 403
        assert client.post(f"/admin/staff/{iro.id}/disable").status_code == 403
        client.post("/staff/sign-out")


def test_an_admin_changes_a_role_disables_and_enables(client, auth, admin, iro):
    auth.login("admin@example.org")
    client.post(f"/admin/staff/{iro.id}/role", data={"role": "manager"})
    db.session.refresh(iro)
    assert iro.role == Role.MANAGER
    client.post(f"/admin/staff/{iro.id}/disable")
    db.session.refresh(iro)
    assert not iro.active
    # An admin cannot disable or demote themselves, so there is always one left.
    page = client.post(f"/admin/staff/{admin.id}/disable", follow_redirects=True)
    assert "You cannot disable your own account" in page.get_data(as_text=True)
    client.post(f"/admin/staff/{admin.id}/role", data={"role": "iro"})
    db.session.refresh(admin)
    assert admin.active and admin.role == Role.ADMIN
    client.post("/staff/sign-out")
    assert sign_in(client, "iro@example.org").status_code == 400
    auth.login("admin@example.org")
    client.post(f"/admin/staff/{iro.id}/enable")
    client.post("/staff/sign-out")
    assert sign_in(client, "iro@example.org").status_code == 302


def test_two_step_sign_in_with_the_app_or_a_recovery_code(client, auth, iro):
    auth.login()
    secret, codes = turn_on_two_step(client)
    assert len(codes) == 10
    client.post("/staff/sign-out")
    next_code_step()

    assert sign_in(client, "iro@example.org").headers["Location"].endswith("/staff/sign-in/code")
    # The password alone does not sign in.
    assert client.get("/staff/").status_code == 302
    wrong = client.post("/staff/sign-in/code", data={"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.get_data(as_text=True)
    assert client.post("/staff/sign-in/code", data={"code": code_now(secret)}).status_code == 302
    assert client.get("/staff/").status_code == 200
    client.post("/staff/sign-out")

    # A recovery code works once.
    for expected in (302, 400):
        sign_in(client, "iro@example.org")
        assert client.post("/staff/sign-in/code", data={"code": codes[0]}).status_code == expected
        client.post("/staff/sign-out")


def test_two_step_is_required_when_configured(app, client, iro):
    app.config["TWO_FACTOR_REQUIRED"] = True
    response = sign_in(client, "iro@example.org")
    assert response.headers["Location"].endswith("/staff/two-step")
    assert client.get("/staff/").status_code == 302  # not signed in until it is set up
    page = client.get("/staff/two-step").get_data(as_text=True)
    assert "every account needs a code" in page and 'src="data:image/png;base64,' in page
    turn_on_two_step(client)
    assert client.get("/staff/").status_code == 200
    db.session.refresh(iro)
    assert iro.totp_secret and iro.two_factor_since


def test_production_requires_two_step():
    from app.config import ProductionConfig

    assert ProductionConfig.TWO_FACTOR_REQUIRED is True


def test_an_unknown_email_costs_a_password_hash_like_a_real_one(app, iro, monkeypatch):
    checked = []
    real = signin.check_password_hash

    def counting(stored, password):
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(signin, "check_password_hash", counting)
    invited = make_user(email="new@example.org", name="New")
    invited.password_hash = "!not-chosen-yet"
    signin.check_password("nobody@example.org", "guess")
    signin.check_password("iro@example.org", "guess")
    signin.check_password("new@example.org", "guess")
    # The same method (and so the same cost) for an address with no account, or an account
    # whose password is not chosen yet, as for a real one.
    assert len(checked) == 3 and len(set(checked)) == 1


def test_lockout_after_too_many_wrong_passwords_until_an_admin_unlocks(
    app,
    client,
    auth,
    iro,
    admin,
):
    for _ in range(4):
        page = sign_in(client, "iro@example.org", "wrong")
        assert "do not match an account" in page.get_data(as_text=True)
    page = sign_in(client, "iro@example.org", "wrong")
    assert "This account is locked after 5 wrong tries. Ask an admin to unlock it." in (
        page.get_data(as_text=True)
    )
    # Even the right password is refused now.
    page = sign_in(client, "iro@example.org")
    assert page.status_code == 400 and "locked" in page.get_data(as_text=True)

    auth.login("admin@example.org")
    assert "Locked" in client.get("/admin/staff").get_data(as_text=True)
    client.post(f"/admin/staff/{iro.id}/unlock")
    client.post("/staff/sign-out")
    assert sign_in(client, "iro@example.org").status_code == 302


def test_a_reset_stops_the_old_password_and_two_step_and_sends_a_link(
    client,
    auth,
    iro,
    admin,
    emailed_links,
):
    auth.login()
    turn_on_two_step(client)
    client.post("/staff/sign-out")
    auth.login("admin@example.org")
    client.post(f"/admin/staff/{iro.id}/reset")
    client.post("/staff/sign-out")
    assert sign_in(client, "iro@example.org").status_code == 400
    (link,) = emailed_links
    client.post(path_of(link), data={"new": "brand new words", "confirm": "brand new words"})
    # Two-step sign-in starts again from nothing: the lost phone's codes are gone.
    assert (
        sign_in(client, "iro@example.org", "brand new words")
        .headers["Location"]
        .endswith("/staff/")
    )


def test_the_first_admin_is_invited_from_the_command_line(app, runner):
    result = runner.invoke(args=["staff", "invite-admin", "boss@example.org", "Bo Boss"])
    assert result.exit_code == 0 and "/staff/set-password/" in result.output
    user = db.session.execute(db.select(User).filter_by(email="boss@example.org")).scalar_one()
    assert user.role == Role.ADMIN


@pytest.mark.parametrize("email", ["IRO@example.org", " iro@example.org "])
def test_sign_in_ignores_case_and_spaces(client, iro, email):
    assert sign_in(client, email).status_code == 302
    assert make_user  # the fixture's helper stays importable for other tests


def test_a_code_from_the_app_signs_in_once(client, auth, iro):
    """A code seen over a shoulder, still inside its 90 seconds, does not sign in a second time."""
    auth.login()
    secret, _ = turn_on_two_step(client)
    client.post("/staff/sign-out")
    # The code that turned two-step on is spent too.
    sign_in(client, "iro@example.org")
    assert client.post("/staff/sign-in/code", data={"code": code_now(secret)}).status_code == 400

    next_code_step()
    code = code_now(secret)
    sign_in(client, "iro@example.org")
    assert client.post("/staff/sign-in/code", data={"code": code}).status_code == 302
    client.post("/staff/sign-out")

    sign_in(client, "iro@example.org")
    again = client.post("/staff/sign-in/code", data={"code": code})
    assert again.status_code == 400
    assert "That code is not right" in again.get_data(as_text=True)
    assert client.get("/staff/").status_code == 302

    # The next code works: the person is not shut out.
    next_code_step()
    assert client.post("/staff/sign-in/code", data={"code": code_now(secret)}).status_code == 302
    assert client.get("/staff/").status_code == 200
