"""Job records: finding one for its owner, saving progress, forgetting old ones, and which
function does each kind of job."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import delete, update

from app.extensions import db
from app.models import utcnow
from app.models.jobs import BackgroundJob

KEEP_HOURS = 24

TASKS: dict[str, Callable[[BackgroundJob], None]] = {}


def task(kind: str):
    """Register the function that does the work of jobs of this kind."""

    def register(function):
        TASKS[kind] = function
        return function

    return register


def progress(job: BackgroundJob, step: int, label: str) -> None:
    """Save how far the job has got, so that its page (on any server) can show it."""
    job.status, job.step, job.label = "running", step, label
    db.session.commit()


def count_rows(job_id: str, step: int, label: str, done: int, total: int) -> None:
    """Save how many rows the job has checked or written, while its work goes on.

    While rows are checked nothing is written yet, so the job's own session commits it. While
    they are written the import's transaction stays open (all or nothing), so the count goes
    through a connection of its own; SQLite allows one writer at a time, the import, so there the
    count of rows written is not saved as it goes (the page shows the rows checked, then the
    result).
    """
    statement = (
        update(BackgroundJob)
        .where(BackgroundJob.id == job_id)
        .values(status="running", step=step, label=label, rows_done=done, rows_total=total)
    )
    if label == "checking":
        db.session.execute(statement)
        db.session.commit()
    elif db.engine.dialect.name != "sqlite":
        with db.engine.begin() as connection:
            connection.execute(statement)


def find(job_id: str, owner_id: int) -> BackgroundJob | None:
    """The job, if it is this person's: nobody sees another's import or pack."""
    job = db.session.get(BackgroundJob, job_id) if isinstance(job_id, str) else None
    if job is None or job.owner_id != owner_id:
        return None
    db.session.refresh(job)  # a worker elsewhere may have moved it on
    return job


def forget(job_id: str | None) -> None:
    if job_id:
        db.session.execute(delete(BackgroundJob).where(BackgroundJob.id == job_id))
        db.session.commit()


def sweep(hours: int = KEEP_HOURS) -> int:
    """Delete jobs older than ``hours``: their files and results hold children's records."""
    cutoff = utcnow() - timedelta(hours=hours)
    deleted = db.session.execute(
        delete(BackgroundJob).where(BackgroundJob.created_at < cutoff)
    ).rowcount
    db.session.commit()
    return deleted or 0
