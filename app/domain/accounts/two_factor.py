"""Two-step sign-in: a time-based code from an authenticator app (pyotp), and recovery codes.

A code from the app signs in once: the time step it belongs to is remembered, and a code from
that step or an earlier one is refused (RFC 6238, section 5.2), so a code seen over a shoulder or
in a proxy's log cannot be used again while it is still inside the accepted window. pyotp's
``verify`` says only yes or no, not which step matched, so the steps are tried here.

Recovery codes are shown once and kept as SHA-256 hashes: each is 60 random bits, too many to
guess offline, so a slow password hash would only slow down a person who lost their phone.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp

from app.domain.invitations.qr import data_uri
from app.extensions import db
from app.models import User, utcnow
from app.models.accounts import RecoveryCode

ISSUER = "My Say"
RECOVERY_CODES = 10
# Codes from the step before and after are accepted too: a phone's clock drifts.
VALID_WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def enrolment_qr(user: User, secret: str) -> str:
    """The QR code an authenticator app scans, as a data: URI (drawn here, never by a service)."""
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return data_uri(uri, box_size=5)


def matching_step(secret: str, code: str) -> int | None:
    """The time step whose code this is, within the accepted window; None when it is none."""
    digits = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(digits) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(datetime.now())
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), digits):
            return step
    return None


def code_is_right(secret: str, code: str) -> bool:
    return matching_step(secret, code) is not None


def use_app_code(user: User, code: str) -> bool:
    """Accept a code from the app once: never a code from a step already used. The caller commits."""
    step = matching_step(user.totp_secret, code) if user.totp_secret else None
    if step is None or step <= (user.totp_last_step if user.totp_last_step is not None else -1):
        return False
    user.totp_last_step = step
    return True


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def enable(user: User, secret: str, code: str) -> list[str]:
    """Turn two-step sign-in on with the code that proved the app works (spent, like any code);
    the new recovery codes, to show once. The caller commits."""
    user.totp_secret = secret
    user.totp_last_step = matching_step(secret, code)
    user.two_factor_since = utcnow()
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = secrets.token_hex(8)[:15]
        codes.append(f"{raw[:5]}-{raw[5:10]}-{raw[10:]}")
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_digest(codes[-1])))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend a recovery code if it is one of the person's unused ones. The caller commits."""
    if len(_normalise(code)) != 15:
        return False
    found = db.session.execute(
        db.select(RecoveryCode).filter_by(user_id=user.id, code_hash=_digest(code), used_at=None)
    ).scalar_one_or_none()
    if found is None:
        return False
    found.used_at = utcnow()
    return True


def check(user: User, code: str) -> bool:
    """A code from the app or an unused recovery code. The caller commits."""
    return use_app_code(user, code) or use_recovery_code(user, code)


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(RecoveryCode)
        .filter_by(user_id=user.id, used_at=None)
    )


def turn_off(user: User) -> None:
    """Forget the secret and the codes (an admin's reset after a lost phone). The caller commits."""
    user.totp_secret = None
    user.totp_last_step = None
    user.two_factor_since = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
