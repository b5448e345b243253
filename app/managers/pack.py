"""The annual report pack: one page, an Excel workbook and a PDF, and the ``pack`` command."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import Response, render_template, request
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.domain.pack.build import FIRST_YEAR, LAST_YEAR, build_pack, default_year
from app.domain.pack.output import to_pdf, to_xlsx
from app.domain.reports.registry import display
from app.managers import bp
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


@click.command("pack")
@click.option(
    "--year",
    required=True,
    type=click.IntRange(FIRST_YEAR, LAST_YEAR),
    help="The year the financial year starts in: 2024 means April 2024 to March 2025.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="A file ending .pdf or .xlsx.",
)
@click.option(
    "--publishable", is_flag=True, help="Hide numbers from 1 to 4, for a published paper."
)
@with_appcontext
def pack_command(year: int, out: Path, publishable: bool):
    """Write the annual report pack for a financial year as a PDF or an Excel workbook."""
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise click.UsageError(_("The --out file must end in .pdf or .xlsx"))
    the_pack = build_pack(year, publishable=publishable)
    out.write_bytes(to_pdf(the_pack) if suffix == ".pdf" else to_xlsx(the_pack))
    click.echo(_("Wrote %(title)s to %(path)s.", title=the_pack.title, path=out))
