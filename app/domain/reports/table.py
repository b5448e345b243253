"""The shape every report shares (:class:`Report`), its CSV and Excel writers, and the publishable
version with small numbers hidden.

Percentages have one decimal, half up; when there is nothing to divide by, the percentage cell is
left EMPTY (never 0.0), so that "no reviews" cannot be read as "no participation".

**Publishable version** (:func:`suppress`): a count of 1 to 4 could identify a child, so it becomes
``<5`` (0 stays 0, and Total rows follow the same rule). A figure worked out from a hidden count
becomes ``<5`` too: a percentage or median whose column the report names in ``numerators`` when
that count is hidden; any other such figure when any count in its row is hidden; and a row of
figures with no count in it (a rate, a mean) when the number of reviews or answers behind it,
given in ``bases``, is 1 to 4 — or, when the report gives no base, when any count in the report
is hidden. Hidden cells are not protected against subtraction from the totals: publish totals
and their parts only when that is acceptable.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from app.domain.reviews.participation import format_percent

# Row and column labels are the public contract that councils' returns are built on, so they are
# deliberately not translated; only titles are.
NOT_RECORDED = "Not recorded"
TOTAL = "Total"
SUPPRESSED = "<5"
SMALLEST_SHOWN = 5

Cell = str | int | Decimal | None


@dataclass
class Report:
    """One table: a title, column labels, and rows of cells (str, int, or Decimal figures).

    ``numerators`` maps a column of derived figures (percentages, medians) to the column of the
    count it is worked out from; ``bases`` maps a row of derived figures with no count of its own
    to the number of reviews or answers behind it. Both only matter to :func:`suppress`.
    """

    name: str
    title: str
    date_from: date
    date_to: date
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    percent_columns: frozenset[int] = frozenset()
    numerators: dict[int, int] = field(default_factory=dict)
    bases: dict[int, int] = field(default_factory=dict)
    publishable: bool = False

    @property
    def filename_stem(self) -> str:
        stem = f"{self.name}_{self.date_from.isoformat()}_{self.date_to.isoformat()}"
        return stem + "_publishable" if self.publishable else stem


def _small(value: Cell) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALLEST_SHOWN


def suppress(report: Report) -> Report:
    """A copy of ``report`` safe to publish: see the module's docstring for the rules."""
    any_hidden = any(_small(cell) for row in report.rows for cell in row)
    rows: list[list[Cell]] = []
    for index, row in enumerate(report.rows):
        hidden = {c for c, cell in enumerate(row) if _small(cell)}
        has_counts = any(isinstance(cell, int) for cell in row)
        out: list[Cell] = []
        for c, cell in enumerate(row):
            if c in hidden:
                out.append(SUPPRESSED)
            elif isinstance(cell, Decimal):
                if not has_counts:
                    base = report.bases.get(index)
                    drop = any_hidden if base is None else 0 < base < SMALLEST_SHOWN
                elif c in report.numerators:
                    drop = report.numerators[c] in hidden
                else:
                    drop = bool(hidden)
                out.append(SUPPRESSED if drop else cell)
            else:
                out.append(cell)
        rows.append(out)
    return replace(report, rows=rows, publishable=True)


def display(value: Cell) -> str:
    """A cell as text: percentages with one decimal, nothing for an empty cell."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_percent(value)
    return str(value)


def _neutralise(text: str) -> str:
    # Team names come from imports: a cell starting like a formula would run in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(report: Report, *, bom: bool = False) -> str:
    """The report as CSV text.

    Pass ``bom=True`` for a file written to disk or downloaded, so that Excel reads it as UTF-8;
    leave it off for standard output, so that the CSV pipes cleanly into other tools.
    """
    out = io.StringIO(newline="")
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(report.columns)
    for row in report.rows:
        writer.writerow(
            [_neutralise(cell) if isinstance(cell, str) else display(cell) for cell in row]
        )
    return out.getvalue()


def put(cell, value: Cell | float) -> None:
    """Write ``value`` into a worksheet ``cell``: figures as numbers (percentages shown with one
    decimal), text as text."""
    if isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = "0.0"
    elif isinstance(value, str):
        # Imported names and children's words can carry control characters that the XLSX format
        # cannot hold (openpyxl refuses the whole workbook), and openpyxl would store "=..." as
        # a formula: text goes in without them, and stays text.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value


def to_xlsx(report: Report) -> bytes:
    """The report as an Excel workbook: bold, frozen header row; numbers stored as numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = report.name[:31]
    workbook.properties.title = f"{report.title}, {report.date_from} to {report.date_to}"
    sheet.append(report.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for r, row in enumerate(report.rows, start=2):
        for c, value in enumerate(row, start=1):
            put(sheet.cell(row=r, column=c), value)
    for c, label in enumerate(report.columns, start=1):
        longest = max([len(label), *(len(display(row[c - 1])) for row in report.rows)])
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = min(
            max(longest + 2, 8), 60
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
