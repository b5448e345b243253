"""Staff accounts as an admin manages them: invite, change role, disable, unlock, reset.

An account starts with no usable password: the person sets one from a one-time link sent to
their work email (through app/domain/messages/delivery, so the outbox keeps the message without
the link). Only a hash of the link's token is stored, as for children's booklet links.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask_babel import gettext as _

from app.domain.accounts import two_factor
from app.domain.messages import delivery
from app.extensions import db
from app.models import Role, Team, User, utcnow
from app.models.accounts import AccountLink

LINK_DAYS = {"invite": 7, "reset": 1}
ROLES = (Role.IRO, Role.MANAGER, Role.ADMIN)


class AccountError(ValueError):
    """Something an admin asked for that cannot be done, in words to show them."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def unusable_password() -> str:
    # No password hashes to this: the account cannot be signed into until its link is used.
    return "!" + secrets.token_hex(16)


def invite(
    email: str, name: str, role: str, team: Team | None, by: User | None, link_for
) -> tuple[User, str]:
    """Create an account and email its one-time link; the user and the link. The caller commits.

    ``link_for(token)`` makes the full address of the page that sets the password.
    """
    email = email.strip().lower()
    if db.session.execute(
        db.select(User).filter(db.func.lower(User.email) == email)
    ).scalar_one_or_none():
        raise AccountError(_("There is already an account for %(email)s.", email=email))
    user = User(email=email, name=name.strip(), role=role, team=team)
    user.password_hash = unusable_password()
    db.session.add(user)
    db.session.flush()
    return user, send_link(user, "invite", by, link_for)


def send_link(user: User, purpose: str, by: User | None, link_for) -> str:
    """Make a one-time link, stop any earlier one, and email it to the person."""
    for earlier in db.session.scalars(
        db.select(AccountLink).filter_by(user_id=user.id, used_at=None)
    ):
        earlier.used_at = utcnow()
    token = secrets.token_urlsafe(24)
    db.session.add(
        AccountLink(
            user_id=user.id,
            purpose=purpose,
            token_hash=_digest(token),
            expires_at=utcnow() + timedelta(days=LINK_DAYS[purpose]),
            created_by_id=by.id if by else None,
        )
    )
    link = link_for(token)
    if purpose == "invite":
        subject = _("Your My Say account")
        body = _(
            "Hello %(name)s,\n\nAn account on My Say has been made for you. Open this link to "
            "choose your password (it works once, for %(days)d days):\n\n%(link)s\n",
            name=user.name,
            days=LINK_DAYS[purpose],
            link=link,
        )
    else:
        subject = _("Set a new My Say password")
        body = _(
            "Hello %(name)s,\n\nAn admin has reset your My Say sign-in. Open this link to choose "
            "a new password (it works once, for one day):\n\n%(link)s\n\nIf you did not ask for "
            "this, tell your manager.",
            name=user.name,
            link=link,
        )
    delivery.send_email(user.email, subject, body, secret=link)
    return link


def link_for_token(token: str) -> AccountLink | None:
    """The unused, unexpired link with this token, or None."""
    if not token or len(token) > 100:
        return None
    found = db.session.execute(
        db.select(AccountLink).filter_by(token_hash=_digest(token))
    ).scalar_one_or_none()
    if found is None or found.used_at is not None or found.expires_at < utcnow():
        return None
    if not found.user.active:
        return None
    return found


def set_password_from_link(link: AccountLink, password: str) -> User:
    """Spend the link: the new password, and the account unlocked. The caller commits."""
    from app.domain.accounts.signin import unlock

    link.used_at = utcnow()
    user = link.user
    user.set_password(password)
    unlock(user)
    return user


def reset(user: User, by: User, link_for) -> str:
    """Lost password or phone: the old password and two-step codes stop working, a link goes."""
    from app.domain.accounts.sessions import end_all

    user.password_hash = unusable_password()
    two_factor.turn_off(user)
    end_all(user)
    return send_link(user, "reset", by, link_for)


def set_role(user: User, role: str, by: User) -> None:
    if role not in ROLES:
        raise AccountError(_("Choose a role"))
    if user.id == by.id and role != Role.ADMIN:
        raise AccountError(_("You cannot take the admin role from yourself: ask another admin."))
    user.role = role


def disable(user: User, by: User) -> None:
    """The person can no longer sign in, and every session of theirs ends now."""
    from app.domain.accounts.sessions import end_all

    if user.id == by.id:
        raise AccountError(_("You cannot disable your own account: ask another admin."))
    user.active = False
    end_all(user)


def enable(user: User) -> None:
    user.active = True
