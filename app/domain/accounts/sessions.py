"""Server-side staff sessions that can be ended: sign-out, password change, disabling, idling.

Flask's own session is a signed cookie that stays valid until it expires, whatever happens on
the server; Flask-Login trusts it. So the cookie also carries a random session id, and the user
loader accepts the cookie only while that id names a session here that has not ended and has
been used within STAFF_IDLE_MINUTES.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from flask_login import login_user, logout_user

from app.extensions import db
from app.models import User, utcnow
from app.models.accounts import StaffSession

COOKIE_KEY = "staff_session"
# Writing last_seen on every request would write on every page; a minute is precise enough.
TOUCH_EVERY = timedelta(seconds=60)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])


def start(user: User) -> None:
    """Sign the person in on this browser with a new session. Commits."""
    # Whatever this browser held before (a child's booklet, another sign-in) is forgotten.
    session.clear()
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(id_hash=_digest(token), user_id=user.id))
    db.session.commit()
    session[COOKIE_KEY] = token
    login_user(user)


def load(user_id: str) -> User | None:
    """Flask-Login's user loader: the user, only while this browser's session is live."""
    token = session.get(COOKIE_KEY)
    if not isinstance(token, str) or not user_id.isdigit():
        return None
    found = db.session.execute(
        db.select(StaffSession).filter_by(id_hash=_digest(token))
    ).scalar_one_or_none()
    now = utcnow()
    if found is None or found.ended_at is not None or found.user_id != int(user_id):
        g.session_ended = "ended"
        return None
    if now - found.last_seen_at > idle_limit():
        found.ended_at = now
        db.session.commit()
        g.session_ended = "idle"
        return None
    if not found.user.active:
        return None
    if now - found.last_seen_at > TOUCH_EVERY:
        found.last_seen_at = now
        db.session.commit()
    g.staff_session_seen = found.last_seen_at
    return found.user


def signed_out_at() -> datetime | None:
    """When this browser's session will end if nothing more is done (for the warning banner)."""
    seen = g.get("staff_session_seen")
    return seen + idle_limit() if seen else None


def end_all(user: User) -> int:
    """End every session of this person, on every browser. The caller commits."""
    return db.session.execute(
        db.update(StaffSession)
        .where(StaffSession.user_id == user.id, StaffSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    ).rowcount


def sign_out(user: User) -> None:
    """Sign out here and everywhere else the person is signed in. Commits."""
    end_all(user)
    db.session.commit()
    logout_user()
    session.clear()


def restart(user: User) -> None:
    """After a password change: every session ends, and this browser gets a new one."""
    end_all(user)
    start(user)
