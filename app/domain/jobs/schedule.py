"""When the scheduled work runs: RQ's cron scheduler enqueues it for the workers.

The same times as the cron lines in the README, which stay a documented alternative for a
council that runs no scheduler. Cron fields are read in the scheduler's local time (set TZ).
"""

from __future__ import annotations

from app.domain.jobs import tasks
from app.domain.jobs.queue import QUEUE_NAME

SCHEDULE = (
    (tasks.escalate_alerts, "*/15 * * * *"),
    (tasks.send_reminders, "0 8 * * *"),
    (tasks.purge_contacts, "0 3 * * *"),
    (tasks.purge_outbox, "30 3 * * *"),
    (tasks.purge_records, "0 4 * * *"),
    (tasks.purge_jobs, "15 * * * *"),
)


def cron_scheduler(connection):
    """An RQ CronScheduler with every scheduled task registered on My Say's queue."""
    from rq.cron import CronScheduler

    scheduler = CronScheduler(connection=connection)
    for function, cron in SCHEDULE:
        scheduler.register(function, QUEUE_NAME, cron=cron, job_timeout=30 * 60)
    return scheduler
