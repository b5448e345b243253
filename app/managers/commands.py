"""The managers' commands: ``import-reviews`` and ``report`` (the public contract)."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from app.domain.imports import import_reviews
from app.domain.reports import REPORTS, run, to_csv, to_xlsx


def summary_lines(result) -> list[str]:
    """The plain-words summary of a successful import, shared with the upload page's tests."""
    lines = [
        f"Imported {result.rows} rows: {result.created} new reviews, {result.updated} updated, "
        f"{result.unchanged} unchanged.",
        f"Children: {result.children_created} new, {result.children_updated} updated. "
        f"Teams: {result.teams_created} new.",
    ]
    if result.unknown_columns:
        lines.append("Columns not used (not known): " + ", ".join(result.unknown_columns) + ".")
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
        click.echo("Nothing was imported.", err=True)
        sys.exit(1)
    for line in summary_lines(result):
        click.echo(line)


@click.command("report")
@click.argument("name")
@click.option(
    "--from", "date_from", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD"
)
@click.option(
    "--to", "date_to", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD"
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def report_command(name: str, date_from, date_to, fmt: str, out: Path | None):
    """Write the report NAME for reviews from --from to --to, both dates included.

    CSV goes to standard output (no byte-order mark) unless --out names a file; a file gets the
    UTF-8 byte-order mark so that Excel reads it correctly.
    """
    if name not in REPORTS:
        raise click.UsageError(
            f"There is no report called {name!r}. Reports: {', '.join(REPORTS)}."
        )
    if date_from > date_to:
        raise click.UsageError("The --from date is after the --to date.")
    if fmt == "xlsx" and out is None:
        raise click.UsageError("An Excel report needs a file: add --out PATH.xlsx")
    report = run(name, date_from.date(), date_to.date())
    if out is None:
        click.echo(to_csv(report), nl=False)
    elif fmt == "xlsx":
        out.write_bytes(to_xlsx(report))
    else:
        out.write_bytes(to_csv(report, bom=True).encode("utf-8"))
