"""The annual report pack for managers: one page, an Excel workbook and a PDF."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app.domain.jobs.queue import submit
from app.domain.pack.build import build_pack, default_year
from app.domain.reports.registry import display
from app.managers.blueprint import bp
from app.managers.forms import PackForm
from app.managers.jobs import job_outcome


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


def _file_job(kind: str):
    form, year = _chosen_year()
    if year is None:
        return render_template("managers/pack.html", form=form, pack=None), 400
    job = submit(
        kind,
        owner_id=current_user.id,
        steps=3,
        params={"year": year, "publishable": bool(form.publishable.data)},
    )
    return job_outcome(job)


@bp.route("/pack.xlsx")
def pack_xlsx():
    """The pack as an Excel workbook: a contents sheet, then a sheet per table.

    Made by a job: with a worker, the manager watches its progress, then downloads it.
    """
    return _file_job("pack-xlsx")


@bp.route("/pack.pdf")
def pack_pdf():
    """The pack as an A4 PDF for a board paper (made by a job, as the workbook is)."""
    return _file_job("pack-pdf")
