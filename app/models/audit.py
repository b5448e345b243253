"""The audit log: who did what to which child's record, and every staff sign-in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, DateTime, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.core import utcnow


class AuditEvent(db.Model):
    """One thing that happened. Rows are only ever added (see app/domain/audit).

    People and children are named by id and by a copy of the name or reference at the time, and
    never by a foreign key: the log must outlive an account or a child's erasure unchanged.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    user_email: Mapped[str | None] = mapped_column(String(254))
    child_id: Mapped[int | None] = mapped_column(Integer, index=True)
    child_ref: Mapped[str | None] = mapped_column(String(64), index=True)
    # What was read or done, in a few words: a review id, a report name, "wrong code".
    detail: Mapped[str | None] = mapped_column(String(300))
    ip: Mapped[str | None] = mapped_column(String(45))


# Append-only in the database itself, on SQLite and PostgreSQL alike: created with the table here
# (and by the migration that adds it), so that tests and production have the same guard.
_REFUSE = "the audit log is append-only"
APPEND_ONLY_SQLITE = [
    f"CREATE TRIGGER audit_event_no_{verb} BEFORE {verb.upper()} ON audit_event "
    f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"
    for verb in ("update", "delete")
]
APPEND_ONLY_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{_REFUSE}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
]

for _statement in APPEND_ONLY_SQLITE:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in APPEND_ONLY_POSTGRESQL:
    event.listen(
        AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql")
    )
