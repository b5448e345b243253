from flask import Response, abort, render_template, request
from flask_babel import _
from flask_login import current_user

from app.domain.imports import import_reviews
from app.domain.reports import display, run, to_csv, to_xlsx
from app.extensions import login_manager
from app.managers import bp
from app.managers.forms import ImportForm, ReportForm

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
    report = run(form.report.data, form.date_from.data, form.date_to.data)
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
    """Import a review-records CSV: every row, or none and a list of what is wrong."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(ReportForm(formdata=None), import_form=form, status=400)
    result = import_reviews(form.file.data.read())
    return (
        render_template(
            "managers/import_result.html",
            result=result,
            heading=_("Review records imported") if result.ok else _("Nothing was imported"),
            import_form=ImportForm(),
        ),
        200 if result.ok else 400,
    )
