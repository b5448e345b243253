"""Alerts about urgent answers, and the messages sent about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.privacy.crypto import EncryptedText
from app.extensions import db
from app.models.core import Invitation, User, utcnow


class Alert(db.Model):
    """A booklet that needs a person today. It stays open until someone writes what they did."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # One open alert per booklet however often it is marked urgent; once acknowledged, something
    # new and urgent in the same booklet raises a new one (see app/domain/themes/safety.py).
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    # Staff words only ("The child asked for their IRO to know today"), never the child's.
    reason: Mapped[str] = mapped_column(String(300))
    raised_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # What staff did about a child at risk: as sensitive as the child's words, encrypted at rest.
    action_taken: Mapped[str | None] = mapped_column(EncryptedText)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)

    invitation: Mapped[Invitation] = relationship()
    acknowledged_by: Mapped[User | None] = relationship()

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None


class OutboxMessage(db.Model):
    """Every email and text message the app sends, whether or not a service delivered it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(10))  # email or sms
    to: Mapped[str] = mapped_column(EncryptedText)
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # notify, smtp, or outbox when no service is configured (development and tests).
    provider: Mapped[str | None] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(String(500))


class Setting(db.Model):
    """A value managers set from a page, such as the duty inbox address."""

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
