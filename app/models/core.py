"""The core records: staff, children, their reviews, booklets, invitations and answers."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.domain.privacy.crypto import EncryptedJSON, EncryptedText
from app.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    IRO = "iro"
    MANAGER = "manager"
    ADMIN = "admin"


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    def __repr__(self) -> str:
        return f"<Team {self.name}>"


class User(UserMixin, db.Model):
    """A member of staff: an IRO, a manager or an admin. Children never have accounts."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.IRO)
    phone: Mapped[str | None] = mapped_column(String(40))
    # A PNG or JPEG for the child's invitation letter: a face they will meet. Deferred, so that
    # loading the signed-in user on every request does not load the picture.
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    # Two-step sign-in (app/domain/accounts/two_factor.py): the TOTP secret, set once confirmed.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    two_factor_since: Mapped[datetime | None] = mapped_column(DateTime)
    # The 30-second step of the last code from the app that signed in: it is never accepted again.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # Wrong passwords or codes in a row; the account locks at LOGIN_MAX_FAILURES until an admin
    # unlocks it (app/domain/accounts/signin.py).
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)
    team: Mapped[Team | None] = relationship()

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        # scrypt unless the config says otherwise (TestConfig does, to keep the suite fast); the
        # method is stored in the hash, so check_password reads any of them.
        method = "scrypt"
        if has_app_context():
            method = current_app.config.get("PASSWORD_HASH_METHOD", method)
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)


class Child(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    child_ref: Mapped[str] = mapped_column(String(64), unique=True)
    # Names are encrypted at rest (app/domain/privacy/crypto.py); the case reference is not,
    # because imports look children up by it.
    first_name: Mapped[str | None] = mapped_column(EncryptedText)
    preferred_name: Mapped[str | None] = mapped_column(EncryptedText)
    date_of_birth: Mapped[date] = mapped_column(Date)
    # Starts the regulation-33 clock (first review within 20 working days); often not imported.
    looked_after_on: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(12), default="en")
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    iro_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # The IRO may choose a booklet other than the one the child's age suggests.
    booklet_override: Mapped[str | None] = mapped_column(String(40))
    # Who to ring when an answer is urgent: where the child lives (carer or home, and a number),
    # and their social worker. Free text, as councils record them; shown beside urgent alerts.
    # Encrypted: a carer's name and number say where a child in care lives.
    placement_contact: Mapped[str | None] = mapped_column(EncryptedText)
    social_worker: Mapped[str | None] = mapped_column(EncryptedText)

    team: Mapped[Team | None] = relationship()
    iro: Mapped[User | None] = relationship()
    reviews: Mapped[list[Review]] = relationship(
        back_populates="child", order_by="Review.review_date", cascade="all, delete-orphan"
    )

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.first_name or self.child_ref

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class Review(db.Model):
    """One statutory review. Identified in imports by the child's ref and the review date."""

    __table_args__ = (UniqueConstraint("child_id", "review_date", name="uq_review_child_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    review_date: Mapped[date] = mapped_column(Date, index=True)
    review_type: Mapped[str | None] = mapped_column(String(20))
    # The team at the time of the review: a child who moves team must not move old figures.
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"))
    venue: Mapped[str | None] = mapped_column(String(20))
    participation_code: Mapped[str | None] = mapped_column(String(3))
    child_last_seen_by_iro: Mapped[date | None] = mapped_column(Date)
    # After the review (see app/domain/outcome.py): how the child took part, which suggests the
    # participation code, and what was decided about each thing they asked for.
    took_part: Mapped[str | None] = mapped_column(String(30))
    child_attended: Mapped[bool | None]
    chaired_by: Mapped[str | None] = mapped_column(String(30))
    advocate_attended: Mapped[bool | None]
    # A list of {"asked": the child's words, "decided": the IRO's}, for the "You said, we did" letter.
    decisions: Mapped[list | None] = mapped_column(EncryptedJSON)
    outcome_recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    child: Mapped[Child] = relationship(back_populates="reviews")
    team: Mapped[Team | None] = relationship()
    outcome_recorded_by: Mapped[User | None] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(
        back_populates="review", order_by="Invitation.created_at"
    )


class BookletVersion(db.Model):
    """A published version of a booklet definition; answers point at the exact one they used."""

    __table_args__ = (UniqueConstraint("slug", "version", name="uq_booklet_slug_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int]
    definition: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class InvitationState(enum.StrEnum):
    INVITED = "invited"
    OPENED = "opened"
    IN_PROGRESS = "in progress"
    SENT = "sent"
    REVOKED = "revoked"


class Invitation(db.Model):
    """One link for one respondent to one review. The secrets are kept only as hashes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), index=True)
    respondent: Mapped[str] = mapped_column(String(20), default="child")
    booklet_version_id: Mapped[int] = mapped_column(ForeignKey("booklet_version.id"))
    language: Mapped[str] = mapped_column(String(12), default="en")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Set when the child chose "I want my IRO to know today" or an answer suggests harm now;
    # see app/domain/safety.py. Never cleared: an alert is acknowledged, not forgotten.
    urgent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The page the respondent last reached, so that reopening the link resumes there.
    last_page: Mapped[int] = mapped_column(default=0)

    review: Mapped[Review] = relationship(back_populates="invitations")
    booklet_version: Mapped[BookletVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="Answer.id"
    )

    @property
    def state(self) -> InvitationState:
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.submitted_at:
            return InvitationState.SENT
        if self.answers:
            return InvitationState.IN_PROGRESS
        if self.opened_at:
            return InvitationState.OPENED
        return InvitationState.INVITED


class Answer(db.Model):
    """One answer to one question, saved as soon as the child moves on from its page."""

    __table_args__ = (
        UniqueConstraint("invitation_id", "question_key", name="uq_answer_invitation_question"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    booklet_version_id: Mapped[int] = mapped_column(ForeignKey("booklet_version.id"))
    question_key: Mapped[str] = mapped_column(String(80))
    # A choice (option keys, a number) in clear, which the reports count in SQL; or a text
    # answer, the child's own words, encrypted at rest in ``words``. ``value`` reads either.
    choice: Mapped[object | None] = mapped_column("value", JSON)
    words: Mapped[str | None] = mapped_column(EncryptedText)
    only_iro: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    invitation: Mapped[Invitation] = relationship(back_populates="answers")

    @hybrid_property
    def value(self) -> object:
        return self.words if self.words is not None else self.choice

    @value.inplace.setter
    def _value_setter(self, value: object) -> None:
        # Kept as a choice: writers of a child's words say so with set_value(words=True).
        self.set_value(value, words=False)

    @value.inplace.expression
    @classmethod
    def _value_expression(cls):
        return cls.choice

    def set_value(self, value: object, words: bool) -> None:
        """Keep a text answer encrypted, a choice in clear where the reports count it."""
        if words:
            self.words, self.choice = value, None
        else:
            self.words, self.choice = None, value
