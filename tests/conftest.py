"""Fixtures in the style of Flask's tutorial: ``app``, ``client``, ``runner``.

The suite runs on SQLite in memory by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set
(``postgresql://127.0.0.1:5432/test``), like CTFd's.
"""

import os
import re
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy.pool import StaticPool

from app import create_app
from app.extensions import db
from app.models import Role, Team, User

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")

# Every test runs on a controlled clock, so the suite passes on any day of the year. The date is a
# plain mid-week day unless MYSAY_TEST_DATE names another; CI runs the suite again on awkward days
# (a Sunday, a Monday, Christmas Eve, the last and first days of a financial year). The clock
# starts here, when pytest loads this file, so that dates computed when test modules are imported
# follow it too; it ticks, so timeouts and durations behave.
TEST_DATE = date.fromisoformat(os.environ.get("MYSAY_TEST_DATE", "2026-06-17"))
_clock = time_machine.travel(
    datetime(TEST_DATE.year, TEST_DATE.month, TEST_DATE.day, 10), tick=True
)
_clock.start()


def pytest_unconfigure(config):
    _clock.stop()


def pytest_report_header(config):
    return f"clock: {TEST_DATE.isoformat()} ({TEST_DATE:%A}), set by MYSAY_TEST_DATE"


def _config(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "WTF_CSRF_ENABLED": False}
    if TEST_DATABASE_URL:
        config["SQLALCHEMY_DATABASE_URI"] = TEST_DATABASE_URL.replace(
            "postgresql://", "postgresql+psycopg://", 1
        )
    else:
        # One shared in-memory connection, so that every session in a test sees the same tables.
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "poolclass": StaticPool,
            "connect_args": {"check_same_thread": False},
        }
    return config


def threaded_config(tmp_path):
    """A config whose database more than one thread or process can open: a file for SQLite."""
    config = _config(tmp_path)
    if config["SQLALCHEMY_DATABASE_URI"] == "sqlite://":
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'mysay.sqlite'}"
        config.pop("SQLALCHEMY_ENGINE_OPTIONS")
    return config


def _with_tables(config):
    """An app with fresh tables and the bundled booklets, inside its app context."""
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
        from app.domain.booklets.definitions import publish_bundled

        publish_bundled()
        db.session.commit()
        yield app
        db.session.remove()
        db.drop_all()


@pytest.fixture
def app(tmp_path):
    yield from _with_tables(_config(tmp_path))


@pytest.fixture
def file_app(tmp_path):
    """Like ``app``, on a database a second connection can open: a file for SQLite."""
    yield from _with_tables(threaded_config(tmp_path))


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def make_user(email="iro@example.org", role=Role.IRO, name="Sam Patel", password="correct horse"):
    team = db.session.execute(db.select(Team).filter_by(name="North")).scalar_one_or_none()
    if team is None:
        team = Team(name="North")
        db.session.add(team)
    user = User(email=email, name=name, role=role, team=team)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def iro(app):
    return make_user()


@pytest.fixture
def manager(app):
    return make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email="iro@example.org", password="correct horse"):
        return self._client.post(
            "/staff/sign-in", data={"email": email, "password": password}, follow_redirects=True
        )


@pytest.fixture
def auth(client):
    return AuthActions(client)


def check_page(html: str) -> None:
    """Every page a person sees has one <h1>, and a <title> that starts with it (GOV.UK Notify)."""
    h1s = re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S)
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    assert title, "no <title>"
    heading = re.sub(r"<[^>]+>", "", h1s[0]).split()
    assert title.group(1).split()[: len(heading)] == heading, (title.group(1), h1s[0])


@pytest.fixture(autouse=True)
def _check_every_page(request, monkeypatch):
    """Check the shape of every HTML page any test renders."""
    from flask.testing import FlaskClient

    original = FlaskClient.open

    def open_and_check(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True))
        return response

    monkeypatch.setattr(FlaskClient, "open", open_and_check)


TODAY = date.today()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def pytest_collection_modifyitems(items):
    """Mark every test that drives Chromium, so a run can choose them with ``-m browser``."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
