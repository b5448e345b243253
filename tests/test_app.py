import pytest

from app import create_app
from app.config import CONFIGS, config_from_env


def test_config_chosen_by_one_variable(monkeypatch):
    monkeypatch.setenv("MYSAY_ENV", "production")
    assert config_from_env() is CONFIGS["production"]
    monkeypatch.setenv("MYSAY_ENV", "nonsense")
    with pytest.raises(RuntimeError, match="MYSAY_ENV"):
        config_from_env()


def test_testing_flag():
    assert not create_app().testing
    assert create_app({"TESTING": True}).testing


def test_unknown_page_is_plain_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "We cannot find this page" in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_staff_pages_need_sign_in(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_sign_in_and_out(client, auth, iro):
    page = auth.login(password="wrong")
    assert "do not match an account" in page.get_data(as_text=True)
    page = auth.login()
    assert page.status_code == 200
    assert client.get("/staff/").status_code == 200
    client.post("/staff/sign-out")
    assert client.get("/staff/").status_code == 302


def test_sign_in_never_redirects_off_site(client, iro):
    response = client.post(
        "/staff/sign-in?next=//evil.example/x",
        data={"email": "iro@example.org", "password": "correct horse"},
    )
    assert response.headers["Location"] == "/staff/"


def test_pages_load_nothing_from_elsewhere(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "http" not in response.get_data(as_text=True).split("<body")[0].replace("http-equiv", "")


def test_passwords_are_hashed_with_scrypt_outside_the_tests():
    from app.models import User

    user = User(email="a@example.org", name="A")
    with create_app().app_context():
        user.set_password("correct horse")
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("correct horse") and not user.check_password("wrong")


def test_the_test_config_hashes_cheaply_and_still_checks(app):
    from app.models import User

    user = User(email="a@example.org", name="A")
    user.set_password("correct horse")
    assert user.password_hash.startswith("pbkdf2:sha256:1$")
    assert user.check_password("correct horse") and not user.check_password("wrong")


def test_any_test_config_starts_from_test_config():
    from app.config import TestConfig

    app = create_app({})
    assert (
        app.testing and app.config["SQLALCHEMY_DATABASE_URI"] == TestConfig.SQLALCHEMY_DATABASE_URI
    )
    assert app.config["PASSWORD_HASH_METHOD"] == TestConfig.PASSWORD_HASH_METHOD
