"""``flask --app wsgi report NAME --from DATE --to DATE``: a report as CSV or XLSX."""

import re
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.commands.files import write_out
from app.domain.reports.registry import REPORTS, run, to_csv, to_xlsx

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Day(click.ParamType):
    """A date written YYYY-MM-DD, refused in plain words (click's own message shows "%Y-%m-%d")."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx) -> date:
        if isinstance(value, date):
            return value
        try:
            # fromisoformat alone would also take 20240331 and 2024-W13-7.
            if _ISO_DAY.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.fail(
            _("%(value)s is not a date: write it as YYYY-MM-DD, like 2024-03-31.", value=value),
            param,
            ctx,
        )


_DATE = _Day()


@click.command("report")
@click.argument("name")
@click.option("--from", "date_from", required=True, type=_DATE, metavar="YYYY-MM-DD")
@click.option("--to", "date_to", required=True, type=_DATE, metavar="YYYY-MM-DD")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx"]),
    help="csv (the default), or xlsx; a --out file ending in .xlsx is a workbook without it.",
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--publishable",
    is_flag=True,
    help="Show counts of 1 to 4, and figures worked out from them, as <5.",
)
@with_appcontext
def report_command(
    name: str,
    date_from: date,
    date_to: date,
    fmt: str | None,
    out: Path | None,
    publishable: bool = False,
):
    """Write the report NAME for reviews from --from to --to, both dates included.

    NAME is one of participation-by-team, participation-summary, venue, iro-contact, timeliness,
    booklets, feedback, faces, requests, themes, themes-by-team, 903-reviews, ssd-cla-reviews.
    CSV goes to standard output (no byte-order mark) unless --out names a file; a file gets the
    UTF-8 byte-order mark so that Excel reads it correctly.
    """
    if fmt is None:
        fmt = "xlsx" if out is not None and out.suffix.lower() == ".xlsx" else "csv"
    if name not in REPORTS:
        raise click.UsageError(
            _(
                "There is no report called %(name)s. Reports: %(names)s.",
                name=repr(name),
                names=", ".join(REPORTS),
            )
        )
    if date_from > date_to:
        raise click.UsageError(_("The --from date is after the --to date."))
    if fmt == "xlsx" and out is None:
        raise click.UsageError(_("An Excel report needs a file: add --out PATH.xlsx"))
    report = run(name, date_from, date_to, publishable=publishable)
    if out is None:
        click.echo(to_csv(report), nl=False)
        return
    body = to_xlsx(report) if fmt == "xlsx" else to_csv(report, bom=True).encode("utf-8")
    write_out(out, body)
