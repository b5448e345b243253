"""Checking a member of staff's email and password: the same work for every email, and a lock.

An unknown email address is checked against a dummy hash made the same way as real ones, so
that the answer takes as long as for a real account and does not tell an attacker which
addresses have accounts. After LOGIN_MAX_FAILURES wrong passwords or codes in a row the account
locks until an admin unlocks it, which rate limits by address alone cannot do against a
guesser with many addresses.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import User, utcnow


class Outcome(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"  # unknown email, wrong password or disabled account: one answer for all
    LOCKED = "locked"


@dataclass
class SignIn:
    outcome: Outcome
    user: User | None  # set for OK; for WRONG only when the email is a real account


@cache
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(
        "not a password: keeps unknown emails as slow as real ones", method
    )


def _dummy_hash() -> str:
    # Made with the method real password hashes use (PASSWORD_HASH_METHOD), so it costs the same.
    return _dummy_hash_for(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def find_user(email: str) -> User | None:
    return db.session.execute(
        db.select(User).filter(db.func.lower(User.email) == (email or "").strip().lower())
    ).scalar_one_or_none()


def check_password(email: str, password: str) -> SignIn:
    """Check an email and password; count a failure against a real account. The caller commits."""
    user = find_user(email)
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return SignIn(Outcome.WRONG, None)
    if user.password_hash.startswith("!"):
        # Invited or reset, no password chosen yet: the same slow hash as for anyone else.
        check_password_hash(_dummy_hash(), password)
        right = False
    else:
        right = check_password_hash(user.password_hash, password)
    if user.locked_at is not None:
        return SignIn(Outcome.LOCKED, user)
    if not right or not user.active:
        return SignIn(record_failure(user), user)
    user.failed_sign_ins = 0
    return SignIn(Outcome.OK, user)


def record_failure(user: User) -> Outcome:
    """Count one wrong password or code; lock the account at the limit."""
    user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
    if user.failed_sign_ins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_at = utcnow()
        return Outcome.LOCKED
    return Outcome.WRONG


def unlock(user: User) -> None:
    user.locked_at = None
    user.failed_sign_ins = 0
