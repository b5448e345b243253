"""Sending email and text messages: GOV.UK Notify, else SMTP, else only the outbox table.

Every message is first recorded as an OutboxMessage, so that what was sent (or failed to send)
can be checked afterwards; development and the tests read the outbox instead of a mailbox.
A failure to deliver is written on the message and never raised: the child who pressed "send"
must not see an error because a mail server is down. The caller commits.

Email and text messages are not secure channels: callers put a name, a date and a link in them,
never what a child wrote. A link that opens something (a child's booklet, a staff invitation) is
passed as ``secret``: it is delivered, but the outbox keeps the message with the link replaced by
a placeholder, so that nobody who can read the outbox or the database can open it afterwards.
"""

from __future__ import annotations

import logging
import os
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app

from app.extensions import db
from app.models import utcnow
from app.models.alerts import OutboxMessage

log = logging.getLogger(__name__)

# A child's request waits while an alert goes out; a hung server must not hold it for long.
TIMEOUT_SECONDS = 10
TRUE_WORDS = {"1", "true", "yes", "on"}


def setting(name: str, default: str = "") -> str:
    """A delivery setting from the app's config when it has the key, else from the environment.

    Tests set a key to "" in the config to be sure that nothing leaves the machine.
    """
    if name in current_app.config:
        value = current_app.config[name]
        return "" if value is None else str(value)
    return os.environ.get(name, default)


def provider() -> str:
    if setting("NOTIFY_API_KEY"):
        return "notify"
    if setting("SMTP_HOST"):
        return "smtp"
    return "outbox"


def notify_client(api_key: str):
    """The GOV.UK Notify client; the tests replace this function with a fake at this boundary."""
    from notifications_python_client.notifications import NotificationsAPIClient

    return NotificationsAPIClient(api_key, timeout=TIMEOUT_SECONDS)


# What the outbox shows where a message carried a link that opens something.
LINK_PLACEHOLDER = "[link not kept]"


def without_secret(body: str, secret: str | None) -> str:
    return body.replace(secret, LINK_PLACEHOLDER) if secret else body


def send_email(to: str, subject: str, body: str, secret: str | None = None) -> OutboxMessage:
    """Record an email in the outbox and deliver it if a service is configured."""
    message = OutboxMessage(
        channel="email", to=to, subject=subject, body=without_secret(body, secret)
    )
    return _send(message, body)


def send_sms(to: str, body: str, secret: str | None = None) -> OutboxMessage:
    """Record a text message in the outbox and deliver it through GOV.UK Notify if configured."""
    return _send(OutboxMessage(channel="sms", to=to, body=without_secret(body, secret)), body)


def _send(message: OutboxMessage, body: str) -> OutboxMessage:
    message.created_at = utcnow()
    message.provider = provider()
    db.session.add(message)
    db.session.flush()  # the id is Notify's reference and the log's only way to name the message
    try:
        if message.provider == "notify":
            _by_notify(message, body)
        elif message.provider == "smtp":
            if message.channel == "sms":
                # SMTP cannot send a text message; the email sent beside it still goes.
                message.error = "Text messages need GOV.UK Notify, which is not configured."
                return message
            _by_smtp(message, body)
        else:
            return message  # kept in the outbox only
    except Exception as error:  # any failure is recorded, never raised
        message.error = f"{type(error).__name__}: {error}"[:500]
        # The message and the address stay out of the log: they may name a child.
        log.warning(
            "Message %s by %s failed: %s", message.id, message.provider, type(error).__name__
        )
        return message
    message.sent_at = utcnow()
    return message


def _by_notify(message: OutboxMessage, body: str) -> None:
    client = notify_client(setting("NOTIFY_API_KEY"))
    reference = f"mysay-{message.id}"
    if message.channel == "email":
        client.send_email_notification(
            email_address=message.to,
            template_id=_required("NOTIFY_EMAIL_TEMPLATE_ID"),
            personalisation={"subject": message.subject or "", "body": body},
            reference=reference,
        )
    else:
        client.send_sms_notification(
            phone_number=message.to,
            template_id=_required("NOTIFY_SMS_TEMPLATE_ID"),
            personalisation={"body": body},
            reference=reference,
        )


def _required(name: str) -> str:
    value = setting(name)
    if not value:
        raise RuntimeError(f"{name} is not configured")
    return value


def _by_smtp(message: OutboxMessage, body: str) -> None:
    sender = setting("MAIL_FROM") or "mysay@localhost"
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to
    email["Subject"] = message.subject or ""
    email["Message-ID"] = make_msgid(idstring=f"mysay-{message.id}")
    email.set_content(body)
    starttls = setting("SMTP_STARTTLS").strip().lower() in TRUE_WORDS
    port = int(setting("SMTP_PORT") or (587 if starttls else 25))
    with smtplib.SMTP(setting("SMTP_HOST"), port, timeout=TIMEOUT_SECONDS) as server:
        if starttls:
            server.starttls()
        username = setting("SMTP_USERNAME")
        if username:
            server.login(username, setting("SMTP_PASSWORD"))
        server.send_message(email)
