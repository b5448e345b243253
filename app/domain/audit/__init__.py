"""The audit log: every view, print and export of a child's answers, every staff sign-in.

Owns writing events (``record``), searching them and exporting them for the managers' page. The
log is append-only: nothing in the app updates or deletes a row, and on PostgreSQL a trigger
(migration) refuses UPDATE and DELETE on the table, so that even a bug or a stolen
application login cannot rewrite who read what.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from app.extensions import db
from app.models import Child, User, utcnow
from app.models.audit import AuditEvent


def record(
    action: str,
    *,
    user: User | None = None,
    child: Child | None = None,
    detail: str | None = None,
) -> AuditEvent:
    """Add one event; the signed-in person unless ``user`` is given. The caller commits."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    event = AuditEvent(
        at=utcnow(),
        action=action,
        user_id=user.id if user is not None else None,
        user_email=user.email if user is not None else None,
        child_id=child.id if child is not None else None,
        child_ref=child.child_ref if child is not None else None,
        detail=(detail or None) and detail[:300],
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event
