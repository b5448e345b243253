"""A review-records file read into the contract's columns, whatever layout it came in.

Each layout module (contract CSV, SSDA903 CSV and XML, SSD, a saved mapping) turns its file into
a :class:`Table`; the checks in :mod:`app.domain.imports.checks` then apply the contract's rules to
every layout alike, so that a 903 file and the equivalent contract CSV give the same result.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from flask_babel import gettext as _

# How dates are written in a layout, for reading them and for saying what was expected.
ISO = "iso"  # 2024-03-31, the contract's form
DAY_FIRST = "dmy"  # 31/03/2024, the DfE returns' form
EITHER = "either"  # either of those, with or without a time after it (database extracts)


class FileProblem(ValueError):
    """The file as a whole cannot be read: the message says why, in plain words."""


@dataclass
class Table:
    """The rows of one file, each a list of cells; ``columns`` names the contract column of each."""

    kind: str
    # What the preview calls the file, e.g. "903 Reviews file".
    label: str
    columns: dict[str, int]
    records: Iterable[tuple[int, list[str]]]
    # The width of the header row, for the "more values than columns" check (CSV only).
    width: int | None = None
    # The file's own name for a contract column, so that a message names what the manager sees.
    labels: dict[str, str] = field(default_factory=dict)
    dates: str = ISO
    # Read only ``dates``' form (a saved mapping that says so), not the other one as well.
    strict_dates: bool = False
    # The contract CSV refuses a repeated review; extracts repeat rows, so they skip exact copies
    # and list two different rows for the same review as a conflict.
    repeats_allowed: bool = True
    unknown_columns: list[str] = field(default_factory=list)
    # Values a layout maps before checking (a saved mapping's codes, venues and teams).
    translate: dict[str, dict[str, str]] = field(default_factory=dict)


# What Excel and database tools separate columns with, by locale and by tool.
DELIMITERS = (",", ";", "\t", "|")
# Excel reads (and some tools write) a first line "sep=;" naming the separator.
_SEP_LINE = re.compile(r"sep=(.)\r?\n?", re.IGNORECASE)
# A report saved from Excel may have a title, a date run or blank lines above its header: rows
# with one value at most, passed over (line numbers still count them).
_TITLE_ROWS = 10
_DASHES = re.compile(r"\s*-+\s*")
_ROWS_AFFECTED = re.compile(r"\(\d+ rows? affected\)")


def csv_records(text: str) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
    """The header row and each later record with the physical line it starts on.

    The separator is the one the header row uses: a comma, or a semicolon or tab where Excel's
    locale or a database tool writes those. Titles and blank lines above the header are passed
    over, and so are the dashes sqlcmd draws under it and its closing "(12 rows affected)".
    """
    stream = io.StringIO(text, newline="")
    first = stream.readline()
    named = _SEP_LINE.fullmatch(first)
    skipped = 1 if named else 0
    if named:
        delimiter = named.group(1)
    else:
        stream.seek(0)
        delimiter = _delimiter_of(text)
    # Strict: a quote mark that never closes is refused, not read as one cell holding every
    # later row (which would leave those reviews out without a word).
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    start = skipped + 1

    def read() -> list[str] | None:
        nonlocal start
        start = reader.line_num + skipped + 1
        try:
            return next(reader, None)
        except csv.Error:
            raise FileProblem(_bad_csv(start)) from None

    header = read()
    for _title in range(_TITLE_ROWS):
        if header is None or sum(1 for cell in header if cell.strip()) > 1:
            break
        header = read()

    def records():
        underline = True
        while (cells := read()) is not None:
            # A quoted cell may span several lines: the record starts after the previous one.
            line = start
            if underline and cells and all(not c.strip() or _DASHES.fullmatch(c) for c in cells):
                underline = False
                continue
            underline = False
            if len(cells) == 1 and _ROWS_AFFECTED.fullmatch(cells[0].strip()):
                continue
            yield line, cells

    return header, records()


def _delimiter_of(text: str) -> str:
    """The separator of the header: of the first line some separator splits into 3 or more
    columns (a title above the header, "Reviews, 2024", splits into fewer), else into 2."""
    lines = (line for line in io.StringIO(text, newline="") if line.strip())
    found: list[tuple[int, str]] = []
    for _title, line in zip(range(_TITLE_ROWS + 1), lines, strict=False):
        delimiter = max(DELIMITERS, key=lambda d: _width(line, d))  # a comma on a tie
        cells = _width(line, delimiter)
        if cells >= 3:
            return delimiter
        found.append((cells, delimiter))
    return next((d for cells, d in found if cells == 2), ",")


def _width(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), []))
    except csv.Error:
        return 0


def _bad_csv(line: int) -> str:
    return _(
        "line %(line)d: the file cannot be read as CSV (check for a stray quote mark).",
        line=line,
    )


def cell_text(cell: str) -> str:
    """A cell's text as the checks read it: without spaces around it, and empty for "NULL".

    SQL Server Management Studio's "Save results as" writes NULL for every empty value; a
    team called "NULL" or a code "NULL" is never what the council meant.
    """
    text = cell.strip()
    return "" if text == "NULL" else text


def quote(text: str) -> str:
    """A cell's text in a message, cut short when long."""
    return text if len(text) <= 40 else text[:37] + "..."


def column_name(cell: str) -> str:
    """A header cell as the layouts name columns: case, spaces and stray marks left out."""
    # Excel pads headings with spaces (non-breaking ones too) and a joined file can carry a
    # second byte-order mark or a zero-width space into the first heading.
    return cell.strip().strip("\ufeff\u200b").strip().lower()


def header_names(header: list[str] | None) -> list[str]:
    return [column_name(cell) for cell in header or []]
