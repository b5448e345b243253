"""What happens when a child may be at risk of harm now: the one place that marks it."""

from __future__ import annotations

from app.domain.messages.alerts import raise_alert
from app.models import Invitation, utcnow


def mark_urgent(invitation: Invitation, reason: str) -> bool:
    """Mark the booklet urgent (once), alert people at once, and return True if it was new.

    ``reason`` says why in staff words ("The child asked for their IRO to know today", "An answer
    suggests risk of harm: ..."); it must never quote the child. The alert and its messages are
    recorded in the session and the messages sent straight away; a failure to send is recorded,
    never raised, so the child's answers are still saved. The caller commits.
    """
    if invitation.urgent_at is not None:
        return False
    invitation.urgent_at = utcnow()
    raise_alert(invitation, reason)
    return True
