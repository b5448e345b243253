"""Sending messages: the outbox always, then GOV.UK Notify or SMTP when configured."""

import socket
import threading
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from app.domain.messages import delivery
from app.extensions import db
from app.models.alerts import OutboxMessage
from tests.delivery_helpers import FakeNotify, free_port, notify

NO_SERVICE = {"NOTIFY_API_KEY": "", "SMTP_HOST": ""}


@pytest.fixture(autouse=True)
def _no_service_unless_told(app):
    # A developer's environment may name a real mail server; these tests choose their own.
    app.config.update(NO_SERVICE)


class Inbox:
    """What the local SMTP server received."""

    def __init__(self):
        self.envelopes = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.received.set()
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def stored(message_id: int) -> OutboxMessage:
    db.session.commit()
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def test_without_a_service_messages_are_kept_in_the_outbox(app):
    message = delivery.send_email("iro@example.org", "Hello", "A line")
    sms = delivery.send_sms("07700900123", "A text")
    saved = stored(message.id)
    assert (saved.channel, saved.to, saved.subject, saved.body) == (
        "email",
        "iro@example.org",
        "Hello",
        "A line",
    )
    assert saved.provider == "outbox" and saved.sent_at is None and saved.error is None
    assert stored(sms.id).channel == "sms" and stored(sms.id).subject is None


def test_smtp_delivers_to_the_server_with_the_right_headers(app, smtp_server):
    controller, inbox = smtp_server
    app.config.update(
        SMTP_HOST=controller.hostname,
        SMTP_PORT=str(controller.port),
        MAIL_FROM="mysay@council.test",
    )
    message = delivery.send_email("duty@council.test", "Urgent: look today", "Open the review.")

    assert inbox.received.wait(5)
    (envelope,) = inbox.envelopes
    assert envelope.mail_from == "mysay@council.test"
    assert envelope.rcpt_tos == ["duty@council.test"]
    email = message_from_bytes(envelope.content, policy=default_policy)
    assert email["From"] == "mysay@council.test"
    assert email["To"] == "duty@council.test"
    assert email["Subject"] == "Urgent: look today"
    assert email.get_content().strip() == "Open the review."
    saved = stored(message.id)
    assert saved.provider == "smtp" and saved.sent_at is not None and saved.error is None


def test_smtp_cannot_send_a_text_message_and_says_so(app, smtp_server):
    controller, inbox = smtp_server
    app.config.update(SMTP_HOST=controller.hostname, SMTP_PORT=str(controller.port))
    message = delivery.send_sms("07700900123", "A text")
    saved = stored(message.id)
    assert saved.sent_at is None and "Notify" in saved.error
    assert inbox.envelopes == []


def test_smtp_failure_is_recorded_not_raised(app):
    # Nothing listens on this port: the connection is refused.
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()))
    message = delivery.send_email("iro@example.org", "Hello", "A line")
    saved = stored(message.id)
    assert saved.provider == "smtp" and saved.sent_at is None
    assert "ConnectionRefusedError" in saved.error


def test_notify_is_called_with_the_template_and_personalisation(app, notify):
    email = delivery.send_email("iro@example.org", "Urgent", "Open the review.")
    sms = delivery.send_sms("07700900123", "Open the review.")

    assert notify.api_key == "test-key"
    assert notify.calls == [
        (
            "email",
            {
                "email_address": "iro@example.org",
                "template_id": "email-template",
                "personalisation": {"subject": "Urgent", "body": "Open the review."},
                "reference": f"mysay-{email.id}",
            },
        ),
        (
            "sms",
            {
                "phone_number": "07700900123",
                "template_id": "sms-template",
                "personalisation": {"body": "Open the review."},
                "reference": f"mysay-{sms.id}",
            },
        ),
    ]
    for message in (email, sms):
        saved = stored(message.id)
        assert saved.provider == "notify" and saved.sent_at is not None and saved.error is None


def test_notify_failure_is_recorded(app, notify):
    notify.fail = True
    message = delivery.send_email("iro@example.org", "Urgent", "Open the review.")
    saved = stored(message.id)
    assert saved.sent_at is None and saved.error == "RuntimeError: Notify said no"


def test_notify_without_a_template_id_is_a_recorded_failure(app, notify):
    app.config["NOTIFY_SMS_TEMPLATE_ID"] = ""
    message = delivery.send_sms("07700900123", "Open the review.")
    assert "NOTIFY_SMS_TEMPLATE_ID" in stored(message.id).error
    assert notify.calls == []
