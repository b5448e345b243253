"""Helpers that test_delivery.py and other test modules share (no test module imports another)."""

import socket
import threading
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from app.domain.messages import delivery
from app.extensions import db
from app.models.alerts import OutboxMessage


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeNotify:
    """Stands in for GOV.UK Notify's client, the boundary with a real third-party service."""

    def __init__(self, fail=False):
        self.calls = []
        self.fail = fail
        self.api_key = None

    def send_email_notification(self, **kwargs):
        self.calls.append(("email", kwargs))
        if self.fail:
            raise RuntimeError("Notify said no")
        return {"id": "n-1"}

    def send_sms_notification(self, **kwargs):
        self.calls.append(("sms", kwargs))
        return {"id": "n-2"}


@pytest.fixture
def notify(app, monkeypatch):
    fake = FakeNotify()

    def make(api_key):
        fake.api_key = api_key
        return fake

    monkeypatch.setattr(delivery, "notify_client", make)
    app.config.update(
        NOTIFY_API_KEY="test-key",
        NOTIFY_EMAIL_TEMPLATE_ID="email-template",
        NOTIFY_SMS_TEMPLATE_ID="sms-template",
        # Notify wins over SMTP when both are set; this server must not be used.
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(free_port()),
    )
    return fake
