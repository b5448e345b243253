"""The review-records file waiting for this manager to confirm its import.

The file is kept, encrypted, in its preview job's record in the database (so any app server can
confirm it); the session holds only the job's random id. It goes once imported, replaced,
cancelled, or a day old.
"""

from __future__ import annotations

from flask import session
from flask_login import current_user

from app.domain.jobs.records import find, forget
from app.models.jobs import BackgroundJob

SESSION_KEY = "pending_import"


def keep(job: BackgroundJob) -> None:
    """Remember this preview job as the file waiting in this session, replacing any other."""
    previous = session.get(SESSION_KEY)
    if previous and previous != job.id:
        forget(previous)
    session[SESSION_KEY] = job.id


def load() -> BackgroundJob | None:
    """The preview job whose file waits in this session, or None when there is none (or gone)."""
    job_id = session.get(SESSION_KEY)
    job = find(job_id, current_user.id) if job_id else None
    if job is None or job.kind != "import-preview" or job.status != "done":
        return None
    return job if job.result and job.result.get("errors") == [] else None


def discard() -> None:
    forget(session.pop(SESSION_KEY, None))
