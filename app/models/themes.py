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

from app.domain.privacy.crypto import EncryptedJSON, EncryptedText
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


class FlagLevel(enum.StrEnum):
    # A person today, with an alert: the answer suggests a risk of harm now.
    URGENT = "urgent"
    # A person today, without an alert: a worrying choice ("Not sure" if safe at home), or an
    # answer the engine could not read (another language, a drawing, a recording).
    READ_TODAY = "read_today"


class FlagSource(enum.StrEnum):
    WORDS = "words"  # the lexicon or the classifier, on the child's own words
    CHOICE = "choice"  # a choice the booklet marks urgent or a worry
    ASKED = "asked"  # the child asked for their IRO to know today
    NOT_CHECKED = "not_checked"  # the engine could not read the answer


class UrgentFlag(db.Model):
    """Why a booklet needs a person today: an answer, a choice, or the child asking for it.

    ``level`` is urgent (an alert went out) or read today (shown on the caseload and the reading
    page until someone has read it); a flag only ever goes up from read today to urgent.
    """

    __table_args__ = (
        UniqueConstraint("invitation_id", "question_key", name="uq_urgent_flag_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), index=True
    )
    # The question whose answer was urgent; ASKED when the child chose "know today".
    question_key: Mapped[str] = mapped_column(String(80))
    # Every urgent phrase the child wrote in that answer, kept even if later changed; for a
    # choice, the choice's key; for the child's request, their optional message.
    evidence: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    level: Mapped[str] = mapped_column(String(12), default=FlagLevel.URGENT)
    source: Mapped[str] = mapped_column(String(12), default=FlagSource.WORDS)
    # The classifier's weightiest words (the child's own, so encrypted like the evidence) and
    # its probability, when it read the answer.
    model_words: Mapped[list | None] = mapped_column(EncryptedJSON)
    probability: Mapped[float | None]
    # Why the engine could not read it (app/domain/themes/readable.py), for NOT_CHECKED.
    unreadable: Mapped[str | None] = mapped_column(String(20))
    flagged_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # A read-today flag is done when someone has read the answer; urgent ones close with the alert.
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    invitation: Mapped[Invitation] = relationship(
        backref=backref(
            "urgent_flags",
            cascade="all, delete-orphan",
            order_by="UrgentFlag.id",
        )
    )

    checked_by: Mapped[User | None] = relationship()

    ASKED = "_asked_today"

    @property
    def asked(self) -> bool:
        return self.question_key == self.ASKED

    @property
    def urgent(self) -> bool:
        return self.level == FlagLevel.URGENT


class AnswerLabel(db.Model):
    """An IRO's judgement of an answer: it should have been urgent, or it was not urgent.

    Kept with the answer (and gone with it), with the words as they were judged, and exported
    as labelled data for the next training run of the urgent classifier.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("answer.id", ondelete="CASCADE"), unique=True, index=True
    )
    urgent: Mapped[bool]
    text: Mapped[str] = mapped_column(EncryptedText)  # the child's words, encrypted like the answer
    labelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    labelled_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    answer: Mapped[Answer] = relationship(
        backref=backref("label", cascade="all, delete-orphan", uselist=False)
    )
    labelled_by: Mapped[User | None] = relationship()
