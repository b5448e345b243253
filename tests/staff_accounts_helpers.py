"""Helpers that test_staff_accounts.py and other test modules share (no test module imports another)."""

import pytest

from app.domain.accounts import signin
from app.extensions import db
from app.models import Role, User
from app.models.alerts import OutboxMessage
from tests.accounts import admin, code_now, emailed_links, path_of, turn_on_two_step
from tests.conftest import make_user


def sign_in(client, email, password="correct horse"):
    return client.post("/staff/sign-in", data={"email": email, "password": password})
