"""What happens when a child may be at risk of harm now: the one place that marks it."""

from __future__ import annotations

from app.domain.messages.alerts import raise_alert
from app.extensions import db
from app.models import Invitation, utcnow
from app.models.alerts import Alert


def mark_urgent(invitation: Invitation, reason: str) -> bool:
    """Mark the booklet urgent, alert people at once unless an alert is open, True if alerted.

    ``reason`` says why in staff words ("The child asked for their IRO to know today", "Answered
    No to: Do you feel safe where you live?"); it must never quote the child. While an alert is
    open, more urgent answers join it; once someone has acknowledged it, something new and urgent
    raises a new one. The alert and its messages are recorded in the session and the messages
    sent straight away; a failure to send is recorded, never raised, so the child's answers are
    still saved. The caller commits.
    """
    if invitation.urgent_at is None:
        invitation.urgent_at = utcnow()
    if invitation.id is not None:
        already = db.session.scalar(
            db.select(Alert.id)
            .where(Alert.invitation_id == invitation.id, Alert.acknowledged_at.is_(None))
            .limit(1)
        )
        if already is not None:
            return False
    raise_alert(invitation, reason)
    return True
