"""A drawing or a voice recording a child added to an answer, kept encrypted in the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.privacy.crypto import EncryptedBytes
from app.extensions import db
from app.models.core import utcnow


class AnswerMedia(db.Model):
    """One drawing (``kind`` "drawing") or recording ("voice") for one question of a booklet.

    In the database, not on an app server's disk: servers are stateless, and the bytes are
    encrypted like the child's words. Deferred, so listing what a child added never loads them.
    """

    __tablename__ = "answer_media"
    __table_args__ = (
        UniqueConstraint(
            "invitation_id", "question_key", "kind", name="uq_answer_media_invitation_question"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    question_key: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(10))
    # Found from the bytes when they were checked, never taken from what the browser said.
    mimetype: Mapped[str] = mapped_column(String(40))
    data: Mapped[bytes] = mapped_column(EncryptedBytes, deferred=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
