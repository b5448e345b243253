"""``flask --app wsgi import-reviews PATH``: review records from a council's extract, all or none."""

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import ngettext

from app.domain.imports.reader import ImportResult, import_reviews
from app.domain.imports.reconcile import reconcile
from app.domain.reports.table import to_csv


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
    if result.layout_kind != "contract":
        lines.insert(0, _("Read as: %(layout)s.", layout=result.layout))
    if result.duplicates:
        lines.append(
            ngettext(
                "%(num)d row was the same as another and was skipped.",
                "%(num)d rows were the same as another and were skipped.",
                result.duplicates,
            )
        )
    if result.conflicts_skipped:
        lines.append(
            ngettext(
                "%(num)d review with conflicting rows was left out, as you chose:",
                "%(num)d reviews with conflicting rows were left out, as you chose:",
                len(result.conflicts),
            )
        )
        lines.extend(
            f"  {c.child_ref} {c.review_date.isoformat()} "
            + _("(lines %(lines)s)", lines=", ".join(map(str, c.lines)))
            for c in result.conflicts
        )
    if result.unknown_columns:
        lines.append(
            _(
                "Columns not known to My Say, so not read: %(names)s.",
                names=", ".join(result.unknown_columns),
            )
        )
    return lines


def show_progress(stage: str, done: int, total: int) -> None:
    """A long import's progress on standard error, so that standard output stays the summary."""
    if stage == "checking":
        text = _("%(done)s of about %(total)s rows checked", done=f"{done:,}", total=f"{total:,}")
    else:
        text = _("%(done)s of %(total)s rows written", done=f"{done:,}", total=f"{total:,}")
    click.echo(text, err=True)


@click.command("import-reviews")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("more", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--skip-conflicts",
    is_flag=True,
    help="Leave out reviews that have different rows for the same child and date.",
)
@click.option("--mapping", metavar="NAME", help="Read the file through this saved mapping.")
@with_appcontext
def import_reviews_command(path: Path, more: tuple[Path, ...], skip_conflicts: bool, mapping):
    """Import review records from a file (one row per review); all rows or none.

    The layout is recognised from the file: the review-records CSV, the SSDA903 Reviews CSV or
    XML, or the SSD's ssd_cla_reviews (give ssd_person and ssd_cla_episodes after it).
    """
    result = import_reviews(
        path.read_bytes(),
        others=[extra.read_bytes() for extra in more],
        skip_conflicts=skip_conflicts,
        mapping=mapping,
        progress=show_progress,
    )
    if not result.ok:
        for error in result.errors:
            click.echo(error, err=True)
        if result.conflicts and not skip_conflicts:
            click.echo(
                _("To import the rest and leave those reviews out, add --skip-conflicts."),
                err=True,
            )
        click.echo(_("Nothing was imported."), err=True)
        sys.exit(1)
    for line in summary_lines(result):
        click.echo(line)


@click.command("reconcile-903")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def reconcile_command(path: Path):
    """List, as CSV, the reviews whose code in a 903 file differs from My Say's; writes nothing."""
    result, report = reconcile(path.read_bytes())
    if report is None:
        for error in result.errors:
            click.echo(error, err=True)
        sys.exit(1)
    click.echo(to_csv(report), nl=False)
