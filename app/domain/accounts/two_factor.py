"""Two-step sign-in: a time-based code from an authenticator app (pyotp), and recovery codes.

Recovery codes are shown once and kept as SHA-256 hashes: each is 60 random bits, too many to
guess offline, so a slow password hash would only slow down a person who lost their phone.
"""

from __future__ import annotations

import hashlib
import secrets

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


def code_is_right(secret: str, code: str) -> bool:
    digits = "".join(ch for ch in (code or "") if ch.isdigit())
    return len(digits) == 6 and pyotp.TOTP(secret).verify(digits, valid_window=VALID_WINDOW)


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def _normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch.isalnum())


def enable(user: User, secret: str) -> list[str]:
    """Turn two-step sign-in on; the new recovery codes, to show once. The caller commits."""
    user.totp_secret = secret
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
    if user.totp_secret and code_is_right(user.totp_secret, code):
        return True
    return use_recovery_code(user, code)


def remaining_recovery_codes(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(RecoveryCode)
        .filter_by(user_id=user.id, used_at=None)
    )


def turn_off(user: User) -> None:
    """Forget the secret and the codes (an admin's reset after a lost phone). The caller commits."""
    user.totp_secret = None
    user.two_factor_since = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
