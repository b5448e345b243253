"""How long the outbox keeps what was sent.

The outbox is there to check delivery (did the alert go? did the letter's email bounce?), which
is a question of days. Its rows hold staff and family addresses, so they go on a schedule:
``flask --app wsgi outbox purge`` from cron deletes every message older than OUTBOX_KEEP_DAYS.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from app.extensions import db
from app.models import utcnow
from app.models.alerts import OutboxMessage


def purge_outbox(now: datetime | None = None, days: int | None = None) -> int:
    """Delete messages older than the configured number of days; how many went."""
    keep = current_app.config["OUTBOX_KEEP_DAYS"] if days is None else days
    cutoff = (now or utcnow()) - timedelta(days=keep)
    gone = db.session.execute(
        db.delete(OutboxMessage).where(OutboxMessage.created_at < cutoff)
    ).rowcount
    db.session.commit()
    return gone


def masked(address: str) -> str:
    """An address as the outbox page shows it: enough to recognise, not enough to copy."""
    if "@" in address:
        local, _, domain = address.partition("@")
        return f"{local[:1]}{'*' * max(len(local) - 1, 1)}@{domain}"
    return f"{'*' * max(len(address) - 3, 1)}{address[-3:]}"
