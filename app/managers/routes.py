from flask import Response, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.domain.imports.bundle import bundle
from app.domain.jobs.queue import submit
from app.domain.reports.registry import DESCRIPTIONS, TITLES, display, run, to_csv, to_xlsx
from app.extensions import login_manager
from app.managers import pending
from app.managers.blueprint import bp
from app.managers.forms import ConfirmImportForm, ImportForm, ReportForm
from app.managers.jobs import gone_page, job_outcome

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.before_request
def managers_only():
    # Reports count every child in the council: IROs see their own caseload, not these.
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_manager:
        abort(403)


def _page(report_form, import_form=None, report=None, status=200):
    return (
        render_template(
            "managers/index.html",
            report_form=report_form,
            import_form=import_form or ImportForm(),
            report=report,
            display=display,
            reports=[(name, TITLES[name], DESCRIPTIONS[name]) for name in TITLES],
        ),
        status,
    )


@bp.route("/")
def index():
    """Choose a report to see or download, and import review records."""
    if "report" not in request.args:
        return _page(ReportForm(formdata=None))
    form = ReportForm(formdata=request.args)
    if not form.validate():
        return _page(form, status=400)
    report = run(
        form.report.data,
        form.date_from.data,
        form.date_to.data,
        publishable=form.publishable.data,
    )
    if request.args.get("action") != "download":
        return _page(form, report=report)
    if form.format.data == "xlsx":
        body, mimetype, ext = to_xlsx(report), XLSX, "xlsx"
    else:
        body, mimetype, ext = to_csv(report, bom=True).encode("utf-8"), "text/csv", "csv"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{report.filename_stem}.{ext}"'},
    )


@bp.route("/import", methods=["POST"])
def upload():
    """Check a review-records CSV and show what importing it would do, writing nothing yet.

    The check runs as a job: with a worker, the manager watches its progress on the job's page.
    """
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(ReportForm(formdata=None), import_form=form, status=400)
    job = submit(
        "import-preview",
        owner_id=current_user.id,
        steps=2,
        payload=bundle(
            [form.file.data.read()]
            + [extra.read() for extra in form.more.data or [] if extra and extra.filename]
        ),
        params={"mapping": form.mapping.data or None},
    )
    pending.keep(job)
    return job_outcome(job)


@bp.route("/import/confirm", methods=["POST"])
def confirm_import():
    """Import the file the manager checked in the preview: every row, or none."""
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    preview = pending.load()
    if preview is None:
        return gone_page()
    # Leaving out conflicting reviews is the manager's explicit choice, made on the preview.
    skip = request.form.get("skip_conflicts") == "yes"
    job = submit(
        "import-confirm",
        owner_id=current_user.id,
        steps=3,
        params={"preview": preview.id, "skip_conflicts": skip},
    )
    return job_outcome(job)


@bp.route("/import/cancel", methods=["POST"])
def cancel_import():
    """Forget the file waiting to be imported."""
    if not ConfirmImportForm().validate_on_submit():
        abort(400)
    pending.discard()
    return redirect(url_for("managers.index"))
