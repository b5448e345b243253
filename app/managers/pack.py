"""The annual report pack for managers: one page, an Excel workbook and a PDF."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request
from flask_babel import gettext as _

from app.domain.pack.build import build_pack, default_year
from app.domain.pack.output import to_pdf, to_xlsx
from app.domain.reports.registry import display
from app.managers.blueprint import bp
from app.managers.forms import PackForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _chosen_year() -> tuple[PackForm, int | None]:
    if "year" not in request.args:
        form = PackForm(formdata=None, year=default_year(date.today()))
        return form, form.year.data
    form = PackForm(formdata=request.args)
    if not form.validate():
        form.year.errors[:] = [_("Choose a financial year from the list")]
        return form, None
    return form, form.year.data


def _build(form: PackForm, year: int):
    return build_pack(year, publishable=bool(form.publishable.data))


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/pack")
def pack():
    """The annual report pack for a financial year, beside the year before."""
    form, year = _chosen_year()
    if year is None:
        return render_template("managers/pack.html", form=form, pack=None), 400
    the_pack = _build(form, year)
    charts = {chart.name: chart for chart in the_pack.charts}
    return render_template(
        "managers/pack.html", form=form, pack=the_pack, charts=charts, display=display
    )


@bp.route("/pack.xlsx")
def pack_xlsx():
    """The pack as an Excel workbook: a contents sheet, then a sheet per table."""
    form, year = _chosen_year()
    if year is None:
        return render_template("managers/pack.html", form=form, pack=None), 400
    return _download(to_xlsx(_build(form, year)), XLSX, f"annual-pack-{year}.xlsx")


@bp.route("/pack.pdf")
def pack_pdf():
    """The pack as an A4 PDF for a board paper."""
    form, year = _chosen_year()
    if year is None:
        return render_template("managers/pack.html", form=form, pack=None), 400
    return _download(to_pdf(_build(form, year)), "application/pdf", f"annual-pack-{year}.pdf")
