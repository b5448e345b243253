"""``flask --app wsgi jobs worker|scheduler|purge``: the RQ worker and scheduler for long work."""

import click
from flask import current_app


@click.group("jobs")
def jobs_group():
    """Long and scheduled work on RQ (needs REDIS_URL)."""


def _connection():
    from app.domain.jobs.queue import connection

    conn = connection()
    if conn is None:
        raise click.ClickException(
            "REDIS_URL is not set: without Redis, jobs run in the web process and need no worker."
        )
    return conn


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool):
    """Run jobs from the queue (imports, the pack's files, reminders, escalation, purges)."""
    from rq import SimpleWorker

    from app.domain.jobs.queue import QUEUE_NAME
    from app.extensions import db

    # Jobs run in this process, inside the app: no fork, so no database connection is shared
    # between processes; each job ends its session.
    db.engine.dispose()
    worker = SimpleWorker([QUEUE_NAME], connection=_connection())
    worker.work(burst=burst, logging_level=current_app.config.get("LOG_LEVEL", "INFO"))


@jobs_group.command("scheduler")
def scheduler_command():
    """Enqueue the scheduled work at its times (RQ's cron); run exactly one of these."""
    from app.domain.jobs.schedule import cron_scheduler

    cron_scheduler(_connection()).start()


@jobs_group.command("purge")
def purge_command():
    """Delete jobs a day old, with the files and results they hold."""
    from app.domain.jobs.records import sweep

    click.echo(f"{sweep()} job(s) deleted.")
