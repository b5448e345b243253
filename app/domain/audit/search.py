"""Finding events in the audit log, and the CSV a data protection officer takes away."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.extensions import db
from app.models.audit import AuditEvent

COLUMNS = [
    "when (UTC)",
    "action",
    "staff id",
    "staff email",
    "child id",
    "child ref",
    "detail",
    "ip",
]


@dataclass
class Filters:
    child_ref: str = ""
    email: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def query(filters: Filters):
    q = db.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if filters.child_ref:
        q = q.where(AuditEvent.child_ref == filters.child_ref.strip())
    if filters.email:
        q = q.where(db.func.lower(AuditEvent.user_email) == filters.email.strip().lower())
    if filters.action:
        q = q.where(AuditEvent.action == filters.action)
    if filters.date_from:
        q = q.where(AuditEvent.at >= datetime.combine(filters.date_from, time.min))
    # The last day a date can have has no day after it, and nothing is logged after it anyway.
    if filters.date_to and filters.date_to < date.max:
        q = q.where(AuditEvent.at < datetime.combine(filters.date_to + timedelta(days=1), time.min))
    return q


def find(filters: Filters, limit: int) -> list[AuditEvent]:
    return list(db.session.scalars(query(filters).limit(limit)))


def actions() -> list[str]:
    return list(
        db.session.scalars(db.select(AuditEvent.action).distinct().order_by(AuditEvent.action))
    )


def _row(event: AuditEvent) -> list:
    return [
        event.at.isoformat(sep=" ", timespec="seconds"),
        event.action,
        event.user_id,
        event.user_email,
        event.child_id,
        event.child_ref,
        event.detail,
        event.ip,
    ]


def to_csv(filters: Filters) -> str:
    """Every matching event, newest first. Cells are text a spreadsheet will not run."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for event in db.session.scalars(query(filters)):
        writer.writerow([_defuse(cell) for cell in _row(event)])
    return out.getvalue()


def _defuse(cell):
    # A cell starting with = + - @ is a formula to Excel: an email or detail must never run.
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell
