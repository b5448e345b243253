"""Running one job: its task by kind, its progress saved step by step, failure kept plain."""

from __future__ import annotations

import logging

from app.domain.jobs.records import TASKS
from app.extensions import db
from app.models import utcnow
from app.models.jobs import BackgroundJob

log = logging.getLogger(__name__)


def run_job(job_id: str) -> str:
    """Do the job's work now; the RQ worker and the web process (without Redis) both call this."""
    from app.domain.jobs import tasks  # noqa: F401  (registers the tasks)

    job = db.session.get(BackgroundJob, job_id)
    if job is None:  # deleted (cancelled, or a day old) before a worker reached it
        return "gone"
    try:
        TASKS[job.kind](job)
        job.status, job.step, job.label = "done", job.steps, "done"
    except Exception as error:
        db.session.rollback()
        job = db.session.get(BackgroundJob, job_id)
        if job is None:
            return "gone"
        # The type only: an exception's message may quote a row of a child's record.
        log.error("Job %s (%s) failed: %s", job.id[:8], job.kind, type(error).__name__)
        job.status, job.label = "failed", "failed"
    job.finished_at = utcnow()
    db.session.commit()
    return job.status


def run_queued(job_id: str) -> str:
    """What an RQ worker runs: the job, then a fresh session for the next one."""
    try:
        return run_job(job_id)
    finally:
        db.session.remove()
