"""``flask --app wsgi import-reviews PATH``: review records from a council's extract, all or none."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.domain.imports.reader import ImportResult, import_reviews


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
