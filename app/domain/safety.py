"""What happens when a child may be at risk of harm now: the one place that marks it."""

from __future__ import annotations

from app.models import Invitation, utcnow


def mark_urgent(invitation: Invitation, reason: str) -> bool:
    """Mark the booklet urgent (once) and return True if it was not already.

    ``reason`` says why in staff words ("The child asked for their IRO to know today", "An answer
    suggests risk of harm: ..."); it must never quote the child.
    """
    if invitation.urgent_at is not None:
        return False
    invitation.urgent_at = utcnow()
    return True
