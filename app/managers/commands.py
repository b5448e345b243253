"""The managers' commands: ``import-reviews`` and ``report`` (the public contract)."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.domain.imports.reader import ImportResult, import_reviews
from app.domain.reports.registry import REPORTS, run, to_csv, to_xlsx

_DATE = click.DateTime(["%Y-%m-%d"])


def summary_lines(result: ImportResult) -> list[str]:
    """What a successful import did, in plain words."""
    lines = [
        _(
            "Imported %(rows)d rows: %(new)d new reviews, %(updated)d updated, "
            "%(unchanged)d unchanged.",
            rows=result.rows,
            new=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        ),
        _(
            "Children: %(new)d new, %(updated)d updated. Teams: %(teams)d new.",
            new=result.children_created,
            updated=result.children_updated,
            teams=result.teams_created,
        ),
    ]
    if result.unknown_columns:
        lines.append(
            _(
                "Columns not known to My Say, so not read: %(names)s.",
                names=", ".join(result.unknown_columns),
            )
        )
    return lines


@click.command("import-reviews")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_reviews_command(path: Path):
    """Import review records from a CSV file (one row per review); all rows or none."""
    result = import_reviews(path.read_bytes())
    if not result.ok:
        for error in result.errors:
            click.echo(error, err=True)
        click.echo(_("Nothing was imported."), err=True)
        sys.exit(1)
    for line in summary_lines(result):
        click.echo(line)


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
    booklets, feedback, faces, requests, themes, themes-by-team.
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
