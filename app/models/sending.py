"""Where invitations were sent, and reminders about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.domain.privacy.crypto import EncryptedText
from app.extensions import db
from app.models.core import Invitation, utcnow


class InvitationContact(db.Model):
    """An email address or mobile number an invitation's link was sent to.

    Addresses are personal data, kept only to send the reminder: ``invitations purge-contacts``
    deletes them once the link has expired or been stopped.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # email or sms
    address: Mapped[str] = mapped_column(EncryptedText)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set once the reminder has gone, so that running the command again sends nothing twice.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)

    # A backref, so that the core Invitation model need not know about sending.
    invitation: Mapped[Invitation] = relationship(
        backref=backref(
            "contacts", order_by="InvitationContact.sent_at", cascade="all, delete-orphan"
        )
    )
