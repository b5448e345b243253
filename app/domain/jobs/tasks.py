"""What each job does: imports and the pack's files for staff, and the scheduled work.

Each calls the domain function a command or page called before; the job adds progress steps
and keeps the result in the job record.
"""

from __future__ import annotations

import functools
import logging
from datetime import date

from flask import current_app

from app.domain.imports.bundle import unbundle
from app.domain.imports.reader import import_reviews
from app.domain.jobs import results
from app.domain.jobs.records import count_rows, forget, progress, sweep, task
from app.extensions import db
from app.models.jobs import BackgroundJob

log = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(job: BackgroundJob):
    """An import's progress callback: rows checked (step 1), then rows written (step 2)."""
    job_id = job.id

    def report(stage: str, done: int, total: int) -> None:
        if stage == "checking":
            count_rows(job_id, 1, "checking", done, total)
        else:
            count_rows(job_id, 2, "importing", done, total)

    return report


@task("import-preview")
def import_preview(job: BackgroundJob) -> None:
    """Check a review-records file and count what importing it would do; it waits in the job."""
    progress(job, 1, "checking")
    files = unbundle(job.payload)
    # Counted as if the manager leaves out any conflicting reviews; the preview lists them and
    # only that choice imports the file.
    result = import_reviews(
        files[0],
        others=files[1:],
        mapping=job.params.get("mapping"),
        dry_run=True,
        skip_conflicts=True,
        progress=_rows(job),
    )
    job.result = results.to_json(result)
    if not result.ok:
        job.payload = None  # nothing will be imported from it: keep no copy


@task("import-confirm")
def import_confirm(job: BackgroundJob) -> None:
    """Import the file a preview job holds: every row, or none."""
    preview = db.session.get(BackgroundJob, job.params["preview"])
    if preview is None or preview.payload is None:
        job.result = {"gone": True}
        return
    progress(job, 1, "checking")
    files = unbundle(preview.payload)
    result = import_reviews(
        files[0],
        others=files[1:],
        mapping=(preview.params or {}).get("mapping"),
        skip_conflicts=bool(job.params.get("skip_conflicts")),
        progress=_rows(job),
    )
    job.result = results.to_json(result)
    if result.ok:
        # Imported: the waiting file goes. Otherwise it waits to be tried again.
        job.params = {**job.params, "preview": None}
        db.session.commit()
        forget(preview.id)


def _pack_file(job: BackgroundJob, fmt: str) -> None:
    from app.domain.pack.build import build_pack
    from app.domain.pack.output import to_pdf, to_xlsx

    year = int(job.params["year"])
    progress(job, 1, "counting")
    the_pack = build_pack(year, publishable=bool(job.params.get("publishable")))
    progress(job, 2, "drawing")
    job.output = to_pdf(the_pack) if fmt == "pdf" else to_xlsx(the_pack)
    job.params = {
        **job.params,
        "filename": f"annual-pack-{year}.{fmt}",
        "mimetype": "application/pdf" if fmt == "pdf" else XLSX,
    }


@task("pack-pdf")
def pack_pdf(job: BackgroundJob) -> None:
    _pack_file(job, "pdf")


@task("pack-xlsx")
def pack_xlsx(job: BackgroundJob) -> None:
    _pack_file(job, "xlsx")


# Scheduled work (see schedule.py). Each logs counts only: never a child's name or address.


def _scheduled(function):
    """Run a scheduled task in the worker's app context and leave no session open after it."""

    @functools.wraps(function)
    def run():
        try:
            count = function()
            log.info("%s: %s", function.__name__, count)
            return count
        finally:
            db.session.remove()

    return run


@_scheduled
def send_reminders() -> int:
    """Reminders for booklets not sent back, days before their review."""
    from app.domain.messages.reminders import remind

    return len(remind())


@_scheduled
def escalate_alerts() -> int:
    """Urgent alerts nobody acknowledged, on to the managers."""
    from app.domain.messages.alerts import active_managers, escalate

    if not active_managers():
        log.error("escalate_alerts: there is no active manager or admin to send alerts to")
        return 0
    return len(escalate())


@_scheduled
def purge_contacts() -> int:
    from app.domain.messages.reminders import purge_contacts as purge

    return purge()


@_scheduled
def purge_outbox() -> int:
    from app.domain.privacy.outbox import purge_outbox as purge

    return purge()


@_scheduled
def purge_records() -> int:
    """Children's records past the retention age."""
    from app.domain.privacy.records import purge_past_retention

    return purge_past_retention(date.today(), current_app.config["RETENTION_AGE_YEARS"])


@_scheduled
def purge_jobs() -> int:
    """Jobs a day old, with the files and results they hold."""
    return sweep()
