"""``flask --app wsgi report NAME --from DATE --to DATE``: a report as CSV or XLSX."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.domain.reports.registry import REPORTS, run, to_csv, to_xlsx

_DATE = click.DateTime(["%Y-%m-%d"])


@click.command("report")
@click.argument("name")
@click.option("--from", "date_from", required=True, type=_DATE, metavar="YYYY-MM-DD")
@click.option("--to", "date_to", required=True, type=_DATE, metavar="YYYY-MM-DD")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option(
    "--publishable",
    is_flag=True,
    help="Show counts of 1 to 4, and figures worked out from them, as <5.",
)
@with_appcontext
def report_command(
    name: str, date_from, date_to, fmt: str, out: Path | None, publishable: bool = False
):
    """Write the report NAME for reviews from --from to --to, both dates included.

    NAME is one of participation-by-team, participation-summary, venue, iro-contact, timeliness,
    booklets, feedback, faces, requests, themes, themes-by-team, 903-reviews, ssd-cla-reviews.
    CSV goes to standard output (no byte-order mark) unless --out names a file; a file gets the
    UTF-8 byte-order mark so that Excel reads it correctly.
    """
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
    report = run(name, date_from.date(), date_to.date(), publishable=publishable)
    if out is None:
        click.echo(to_csv(report), nl=False)
    elif fmt == "xlsx":
        out.write_bytes(to_xlsx(report))
    else:
        out.write_bytes(to_csv(report, bom=True).encode("utf-8"))
