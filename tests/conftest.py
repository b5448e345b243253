"""Fixtures in the style of Flask's tutorial: ``app``, ``client``, ``runner``, ``auth``, and the
people and booklet most tests need. Helpers that are not fixtures are in tests/factories.py.

The suite runs on SQLite in memory by default and on PostgreSQL when ``TEST_DATABASE_URL`` is set
(``postgresql://127.0.0.1:5432/test``), like CTFd's; either way on app/config.py's TestConfig.
"""

from pathlib import Path

# The clock first (see tests/clock.py): dates computed on import must follow it.
from tests.clock import TEST_DATE, clock  # isort: skip

import pytest
from flask import Flask

from app.models import Role
from tests.factories import (
    PASSWORD,
    TESTBOOK,
    Client,
    CliRunner,
    make_app,
    make_user,
    publish,
    tables,
)


def pytest_unconfigure(config):
    clock.stop()


def pytest_report_header(config):
    return f"clock: {TEST_DATE.isoformat()} ({TEST_DATE:%A}), set by MYSAY_TEST_DATE"


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogues():
    """The .mo files the app reads, as an install builds them (tests/run.sh does too): a run
    straight from pytest after a catalogue changed must not test yesterday's words."""
    from app.domain.translations import compile_catalogues

    compile_catalogues()


@pytest.fixture(autouse=True, scope="session")
def _requests_in_their_own_app_context():
    """Every app's test client and CLI runner, made here or in a test: see ``factories.Client``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "test_client_class", Client)
        patch.setattr(Flask, "test_cli_runner_class", CliRunner)
        yield


@pytest.fixture
def app():
    """The app with fresh tables and the bundled booklets; the test runs in its app context."""
    with tables(make_app()) as app:
        yield app


@pytest.fixture
def file_app(tmp_path):
    """Like ``app``, on a database a second connection can open: a file for SQLite."""
    with tables(make_app(tmp_path)) as app:
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def iro(app):
    return make_user()


@pytest.fixture
def manager(app):
    return make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")


@pytest.fixture
def booklet(app):
    """The small test booklet (factories.TESTBOOK), published."""
    return publish(TESTBOOK)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email="iro@example.org", password=PASSWORD):
        return self._client.post(
            "/staff/sign-in", data={"email": email, "password": password}, follow_redirects=True
        )

    def switch_to(self, email):
        """Sign out whoever is signed in, and sign in as ``email``."""
        self._client.post("/staff/sign-out")
        return self.login(email)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def signed_in_manager(client, auth, manager):
    """The test client, signed in as the manager Morgan Lee."""
    auth.login("manager@example.org")
    return client


@pytest.fixture
def live_server(file_app):
    """``file_app`` served on a loopback port from a thread of its own, for the browser."""
    from tests.browser import LiveServer

    server = LiveServer(file_app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
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
