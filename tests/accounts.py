"""Helpers for tests of staff accounts: an admin, the links their emails carry, TOTP codes."""

import re

import pyotp
import pytest

from app.domain.accounts import staff as staff_accounts
from app.models import Role
from tests.conftest import make_user


@pytest.fixture
def admin(app):
    return make_user(email="admin@example.org", role=Role.ADMIN, name="Ada Admin")


@pytest.fixture
def emailed_links(monkeypatch):
    """The links account emails carried, as delivered (the outbox keeps them without)."""
    links = []
    original = staff_accounts.delivery.send_email

    def capture(to, subject, body, secret=None):
        links.append(secret)
        return original(to, subject, body, secret=secret)

    monkeypatch.setattr(staff_accounts.delivery, "send_email", capture)
    return links


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def secret_on(html: str) -> str:
    return re.search(r'<code class="words">([A-Z2-7]+)</code>', html).group(1)


def code_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def next_code_step() -> None:
    """Move the suite's clock into the authenticator app's next 30-second step."""
    from tests.clock import coordinates

    coordinates.shift(30)


def turn_on_two_step(client) -> tuple[str, list[str]]:
    """From a signed-in client: the TOTP secret and the recovery codes shown once."""
    secret = secret_on(client.get("/staff/two-step").get_data(as_text=True))
    page = client.post("/staff/two-step", data={"code": code_now(secret)}, follow_redirects=True)
    assert page.status_code == 200, page.get_data(as_text=True)
    codes = re.findall(r"<li><code>([0-9a-f-]+)</code></li>", page.get_data(as_text=True))
    return secret, codes
