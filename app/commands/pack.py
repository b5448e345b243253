"""``flask --app wsgi pack --year YEAR --out FILE``: the annual report pack as a PDF or XLSX."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from app.commands.files import write_out
from app.domain.pack.build import FIRST_YEAR, LAST_YEAR, build_pack
from app.domain.pack.output import to_pdf, to_xlsx


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
    # Progress on stderr, in the job page's steps, so that stdout stays the one result line.
    click.echo(_("Step 1 of 2: counting the year's reviews…"), err=True)
    the_pack = build_pack(year, publishable=publishable)
    click.echo(_("Step 2 of 2: drawing the file…"), err=True)
    write_out(out, to_pdf(the_pack) if suffix == ".pdf" else to_xlsx(the_pack))
    click.echo(_("Wrote %(title)s to %(path)s.", title=the_pack.title, path=out))
