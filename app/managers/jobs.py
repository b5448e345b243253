"""A job's page: its progress while it runs (refreshing itself), then its result.

Works without JavaScript: the page reloads itself every few seconds (meta refresh) and has a
"Check again" link; js/jobs.js only moves the bar without reloading.
"""

from __future__ import annotations

from flask import Response, abort, jsonify, redirect, render_template, session, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.domain.jobs import results
from app.domain.jobs.records import find
from app.managers import pending
from app.managers.blueprint import bp
from app.managers.forms import ConfirmImportForm, ImportForm

REFRESH_SECONDS = 2
TITLES = {
    "import-preview": _l("Checking your file"),
    "import-confirm": _l("Importing your file"),
    "pack-pdf": _l("Making the annual pack as a PDF"),
    "pack-xlsx": _l("Making the annual pack as a workbook"),
}
LABELS = {
    "queued": _l("Waiting to start"),
    "checking": _l("Checking every row"),
    "importing": _l("Importing every row"),
    "counting": _l("Counting the year's reviews"),
    "drawing": _l("Drawing the file"),
    "done": _l("Done"),
    "failed": _l("It did not finish"),
}


def result_page(result, status: int):
    return (
        render_template(
            "managers/import_result.html",
            result=result,
            heading=_("Review records imported") if result.ok else _("Nothing was imported"),
            import_form=ImportForm(),
        ),
        status,
    )


def preview_page(result):
    return render_template(
        "managers/import_preview.html",
        result=result,
        confirm_form=ConfirmImportForm(),
        import_form=ImportForm(),
    )


def gone_page():
    return render_template("managers/import_gone.html", import_form=ImportForm()), 410


def job_outcome(job):
    """The page for a job the manager just asked for: its progress, or (finished) its result."""
    if not job.finished:
        return redirect(url_for("managers.job", job_id=job.id))
    if job.status == "failed":
        return render_template("managers/job.html", job=job, title=TITLES[job.kind]), 500
    if job.kind == "import-preview":
        result = results.from_json(job.result)
        if result.ok:
            return preview_page(result)
        pending.discard()
        return result_page(result, 400)
    if job.kind == "import-confirm":
        if job.result.get("gone"):
            return gone_page()
        result = results.from_json(job.result)
        if result.ok:
            session.pop(pending.SESSION_KEY, None)
        return result_page(result, 200 if result.ok else 400)
    return download(job)


def download(job) -> Response:
    return Response(
        job.output,
        mimetype=job.params["mimetype"],
        headers={"Content-Disposition": f'attachment; filename="{job.params["filename"]}"'},
    )


def step_text(job) -> str:
    return _(
        "Step %(step)d of %(steps)d: %(label)s",
        step=min(job.step + 1, job.steps),
        steps=job.steps,
        label=LABELS.get(job.label, job.label),
    )


def rows_text(job) -> str | None:
    """How many rows an import has checked or written so far, or None before it counts any."""
    if job.rows_total is None or job.finished:
        return None
    done, total = f"{job.rows_done or 0:,}", f"{job.rows_total:,}"
    if job.label == "importing":
        return _("%(done)s of %(total)s rows written", done=done, total=total)
    return _("%(done)s of about %(total)s rows checked", done=done, total=total)


def _job_or_404(job_id: str):
    job = find(job_id, current_user.id)
    if job is None:
        abort(404)
    return job


@bp.route("/jobs/<job_id>")
def job(job_id: str):
    """How far a job has got; once finished, its result (a file is offered as a link)."""
    job = _job_or_404(job_id)
    if job.finished and not job.kind.startswith("pack-"):
        return job_outcome(job)
    return render_template(
        "managers/job.html",
        job=job,
        title=TITLES[job.kind],
        step_text=step_text(job),
        rows_text=rows_text(job),
        refresh=None if job.finished else REFRESH_SECONDS,
    )


@bp.route("/jobs/<job_id>.json")
def job_status(job_id: str):
    """The job's progress for js/jobs.js."""
    job = _job_or_404(job_id)
    return jsonify(
        status=job.status,
        step=job.step,
        steps=job.steps,
        text=step_text(job),
        rows_done=job.rows_done,
        rows_total=job.rows_total,
        rows_text=rows_text(job),
        finished=job.finished,
    )


@bp.route("/jobs/<job_id>/download")
def job_download(job_id: str):
    job = _job_or_404(job_id)
    if job.status != "done" or not job.kind.startswith("pack-"):
        abort(404)
    return download(job)
