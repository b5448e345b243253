"""Reconciliation: the reviews whose participation code differs between a 903 file and My Say.

The file is read and checked exactly as an import would read it (any layout), and nothing is
written; each review in it is compared with the one My Say holds for the same child and date.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

from app.domain.imports import formats
from app.domain.imports.checks import check_rows
from app.domain.imports.rows import ImportResult
from app.domain.imports.table import FileProblem
from app.domain.reports.table import NOT_RECORDED, Report
from app.extensions import db
from app.models import Child, Review

COLUMNS = ["Line", "CHILD", "REVIEW", "Code in the file", "Code in My Say"]
NOT_IN_MY_SAY = "No such review in My Say"
NOT_IN_FILE = "Not in the file"


def reconcile(data: bytes, *, others=()) -> tuple[ImportResult, Report | None]:
    """The file's check result, and (when it reads) the table of reviews whose codes differ."""
    result = ImportResult(dry_run=True)
    try:
        table = formats.recognise([data, *others], result)
        if table is None:
            return result, None
        result.layout, result.layout_kind = table.label, table.kind
        # A review the file gives twice with different codes is shown as it is in My Say.
        rows = check_rows(table, result, skip_conflicts=True)
    except FileProblem as problem:
        result.errors.append(str(problem))
    if not result.ok:
        return result, None
    stored = {
        (ref, day): code
        for ref, day, code in db.session.execute(
            db.select(Child.child_ref, Review.review_date, Review.participation_code).join(
                Child, Review.child_id == Child.id
            )
        )
    }
    days = [row.review_date for row in rows] or [date.today()]
    report = Report(
        "reconciliation",
        _("Codes that differ between the file and My Say"),
        min(days),
        max(days),
        list(COLUMNS),
    )
    found: list[tuple[str, date, str, str, str]] = []
    for row in rows:
        key = (row.child_ref, row.review_date)
        if key not in stored:
            ours = NOT_IN_MY_SAY
        elif stored[key] == row.participation_code:
            continue
        else:
            ours = stored[key] or NOT_RECORDED
        found.append((*key, str(row.line), row.participation_code or NOT_RECORDED, ours))
    # Two codes for one review in the file: both lines, and what My Say holds.
    for conflict in result.conflicts:
        key = (conflict.child_ref, conflict.review_date)
        lines = " and ".join(str(line) for line in conflict.lines)
        ours = (stored[key] or NOT_RECORDED) if key in stored else NOT_IN_MY_SAY
        found.append((*key, lines, ", ".join(conflict.codes), ours))
    # Reviews My Say holds, already held, within the file's dates, that the file does not give.
    in_file = {(r.child_ref, r.review_date) for r in rows} | {
        (c.child_ref, c.review_date) for c in result.conflicts
    }
    last = min(max(days), date.today())
    for (ref, day), code in stored.items():
        if min(days) <= day <= last and (ref, day) not in in_file:
            found.append((ref, day, "", NOT_IN_FILE, code or NOT_RECORDED))
    for ref, day, line, theirs, ours in sorted(found, key=lambda f: (f[0], f[1])):
        report.rows.append([line, ref, day.strftime("%d/%m/%Y"), theirs, ours])
    return result, report
