"""Invitation links and short codes: made here, kept only as hashes, checked here."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

from flask import current_app

from app.extensions import db
from app.models import BookletVersion, Invitation, Review, User, utcnow

# No 0/O, 1/I/L, 5/S or B/8: a child copying the code from a letter cannot confuse them.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY234679"
CODE_LENGTH = 8


def _digest(secret: str) -> str:
    # The secrets are random and long enough that an unsalted SHA-256 cannot be reversed usefully;
    # a slow hash would only slow every page a child opens.
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(typed: str) -> str:
    """What a person typed, as the code it means: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def create(
    review: Review,
    booklet_version: BookletVersion,
    respondent: str = "child",
    language: str = "en",
    created_by: User | None = None,
) -> tuple[Invitation, str, str]:
    """Make a new invitation, revoking any live one for the same review and respondent.

    Returns the invitation, its link token and its short code: this is the only moment either is
    known in clear, so the caller shows them now.
    """
    earlier = [
        old
        for old in review.invitations
        if old.respondent == respondent and old.submitted_at is None
    ]
    for old in earlier:
        if old.revoked_at is None:
            old.revoked_at = utcnow()
    token = secrets.token_urlsafe(24)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    invitation = Invitation(
        review=review,
        respondent=respondent,
        booklet_version=booklet_version,
        language=language,
        token_hash=_digest(token),
        code_hash=_digest(code),
        created_by_id=created_by.id if created_by else None,
        sent_at=utcnow(),
    )
    db.session.add(invitation)
    db.session.flush()
    _carry_answers_over(earlier, invitation)
    return invitation, token, code


def _carry_answers_over(earlier: list[Invitation], invitation: Invitation) -> None:
    """A reissued link (lost, or stopped) opens on the answers the child already gave.

    The answers move from the newest earlier link of the same booklet for the same person, with
    their themes and the version each one answered; the old link keeps none, so nothing is
    counted twice. A different booklet asks different questions, so nothing moves to it.
    """
    slug = invitation.booklet_version.slug
    same = [old for old in earlier if old.booklet_version.slug == slug and old.answers]
    if not same:
        return
    source = max(same, key=lambda old: (old.created_at, old.id))
    for answer in list(source.answers):
        answer.invitation = invitation
    invitation.last_page = source.last_page
    invitation.opened_at = source.opened_at
    db.session.flush()


def expires_on(invitation: Invitation) -> date:
    days = current_app.config["INVITATION_DAYS_AFTER_REVIEW"]
    return invitation.review.review_date + timedelta(days=days)


def is_usable(invitation: Invitation, today: date | None = None) -> bool:
    today = today or date.today()
    return invitation.revoked_at is None and today <= expires_on(invitation)


def find_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        db.select(Invitation).filter_by(token_hash=_digest(token))
    ).scalar_one_or_none()


def find_by_code(typed: str) -> Invitation | None:
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return db.session.execute(
        db.select(Invitation).filter_by(code_hash=_digest(code))
    ).scalar_one_or_none()


def of_review(review: Review, token: str, typed_code: str) -> Invitation | None:
    """The review's invitation that both the link's token and its short code name, or None.

    A letter or a message must never pair a link with another child's code, nor carry a link from
    a review the person asking cannot see; both secrets are known only on the page that made them.
    """
    invitation = find_by_token(token)
    if invitation is None or invitation.review_id != review.id:
        return None
    by_code = find_by_code(typed_code)
    if by_code is None or by_code.id != invitation.id:
        return None
    return invitation
