"""Themes suggested for, and confirmed on, children's free-text answers; and urgent flags.

An ``AnswerTheme`` belongs to one answer and goes with it: when a child deletes an answer, its
themes go too. An ``UrgentFlag`` belongs to the invitation instead, on purpose: once something a
child wrote suggested a risk of harm, the words that did so are kept for their IRO even if the
child changes or deletes the answer, because a missed disclosure is far worse than a false alarm.
The child's explicit "I want my IRO to know today" is an ``UrgentFlag`` with no question.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.domain.privacy.crypto import EncryptedJSON
from app.extensions import db
from app.models.core import Answer, Invitation, User, utcnow


class ThemeStatus(enum.StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REMOVED = "removed"


class AnswerTheme(db.Model):
    """One theme on one answer: suggested by the lexicon, then confirmed or removed by the IRO.

    A removed suggestion is kept (not deleted) so that the same words do not suggest it again.
    """

    __table_args__ = (UniqueConstraint("answer_id", "theme", name="uq_answer_theme"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(30), index=True)
    status: Mapped[str] = mapped_column(String(10), default=ThemeStatus.SUGGESTED)
    # The child's words that led to the suggestion; empty for a theme the IRO added.
    evidence: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    suggested_at: Mapped[datetime | None] = mapped_column(DateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    answer: Mapped[Answer] = relationship(
        backref=backref("themes", cascade="all, delete-orphan", order_by="AnswerTheme.id")
    )
    decided_by: Mapped[User | None] = relationship()


class UrgentFlag(db.Model):
    """Why a booklet was judged urgent: one answer's words, or the child asking for it."""

    __table_args__ = (
        UniqueConstraint("invitation_id", "question_key", name="uq_urgent_flag_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    # The question whose answer was urgent; ASKED when the child chose "know today".
    question_key: Mapped[str] = mapped_column(String(80))
    # Every urgent phrase the child wrote in that answer, kept even if later changed.
    evidence: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    flagged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship(
        backref=backref(
            "urgent_flags",
            cascade="all, delete-orphan",
            order_by="UrgentFlag.id",
        )
    )

    ASKED = "_asked_today"

    @property
    def asked(self) -> bool:
        return self.question_key == self.ASKED
