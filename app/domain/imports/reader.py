"""Import review records from a council's case-record extract, in any layout it understands.

Every row is checked before anything is written: a file with any bad row imports nothing and
says, for every problem, its line number and what is wrong. A review is identified by child_ref
and review_date, so importing the same file twice changes nothing. The layout (the public
contract's CSV, the SSDA903 return as CSV or XML, the SSD, or a saved mapping) is recognised from
the file by :mod:`app.domain.imports.formats`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.domain import audit
from app.domain.imports import formats
from app.domain.imports import writer as import_writer
from app.domain.imports.checks import check_rows
from app.domain.imports.contract_csv import (  # noqa: F401 (the contract's columns, named here)
    ALSO_UNDERSTOOD,
    KNOWN,
    OPTIONAL,
    REQUIRED,
)
from app.domain.imports.rows import ImportResult
from app.domain.imports.table import FileProblem, Table
from app.extensions import db

PREVIEW_ROWS = 20

# Told how far a long import has got: the stage ("checking" or "writing"), the rows done, and
# of about how many (a job saves it for its page; the command prints it).
Progress = Callable[[str, int, int], None]


def rows_in(data: bytes) -> int:
    """About how many rows a file holds, before reading it: for a progress bar, not a count."""
    if data.startswith(b"PK"):
        return 0  # a workbook is compressed: its lines cannot be counted before it is read
    reviews = data.count(b"<AREVIEW")
    return reviews or max(data.count(b"\n") - 1, 1)


def import_reviews(
    data: bytes,
    *,
    dry_run: bool = False,
    skip_conflicts: bool = False,
    mapping: str | None = None,
    others: Sequence[bytes] = (),
    progress: Progress | None = None,
) -> ImportResult:
    """Check every row of a review-records file, then write them all in one transaction, or none.

    With ``dry_run`` the writer does everything but run its writing statements, so that the
    counts are exactly what a real import would make, and nothing is kept. ``others`` are files read with the first
    (the SSD's ``ssd_person`` and ``ssd_cla_episodes``); ``mapping`` names a saved mapping to read
    the file through; ``skip_conflicts`` leaves out the reviews that have different rows for the
    same child and date, and imports the rest.
    """
    result = ImportResult(dry_run=dry_run)
    try:
        table = formats.recognise([data, *others], result, mapping=mapping)
    except FileProblem as problem:
        result.errors.append(str(problem))
        return result
    if table is None:
        return result
    return import_table(
        table, result, skip_conflicts=skip_conflicts, progress=progress, size=rows_in(data)
    )


def import_table(
    table: Table,
    result: ImportResult,
    *,
    skip_conflicts: bool = False,
    numbered: bool = True,
    progress: Progress | None = None,
    size: int = 0,
) -> ImportResult:
    """Check every row of ``table`` and write them all, or none (see :func:`import_reviews`)."""
    dry_run = result.dry_run
    result.layout, result.layout_kind = table.label, table.kind
    result.unknown_columns = result.unknown_columns or table.unknown_columns
    try:
        rows = check_rows(
            table,
            result,
            skip_conflicts=skip_conflicts,
            numbered=numbered,
            progress=progress and (lambda done: progress("checking", done, max(size, done))),
        )
    except FileProblem as problem:
        result.errors.append(str(problem))
        return result
    if not result.ok:
        return result
    if not rows and not result.conflicts:
        if table.width is None:
            # An XML return has no header row to speak of.
            result.errors.append(_("The file has no reviews in it."))
        else:
            result.errors.append(_("The file has a header row but no reviews under it."))
        return result
    result.preview = rows[:PREVIEW_ROWS]
    try:
        # A preview's writing is rolled back at once: only a real import reports it.
        writing = progress and not dry_run and (lambda done, of: progress("writing", done, of))
        import_writer.write(rows, result, writing or None)
        if result.conflicts_skipped and not dry_run:
            # The manager's choice to leave reviews out is kept with who made it and when.
            audit.record(
                "import-skipped-conflicts",
                detail=_(
                    "%(layout)s: left out %(count)d reviews with conflicting rows (%(which)s)",
                    layout=table.label,
                    count=len(result.conflicts),
                    which=", ".join(
                        f"{c.child_ref} {c.review_date.isoformat()}" for c in result.conflicts
                    ),
                ),
            )
        if dry_run:
            db.session.rollback()
        else:
            db.session.commit()
    except IntegrityError:
        # Only another import running at the same moment can get here; nothing is half-written.
        db.session.rollback()
        result.errors.append(
            _("Another import changed the same records at the same time. Try again.")
        )
    except Exception:
        db.session.rollback()
        raise
    return result
