"""A review-records file read into the contract's columns, whatever layout it came in.

Each layout module (contract CSV, SSDA903 CSV and XML, SSD, a saved mapping) turns its file into
a :class:`Table`; the checks in :mod:`app.domain.imports.checks` then apply the contract's rules to
every layout alike, so that a 903 file and the equivalent contract CSV give the same result.
"""

from __future__ import annotations

import csv
import io
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
    # The contract CSV refuses a repeated review; extracts repeat rows, so they skip exact copies
    # and list two different rows for the same review as a conflict.
    repeats_allowed: bool = True
    unknown_columns: list[str] = field(default_factory=list)
    # Values a layout maps before checking (a saved mapping's codes, venues and teams).
    translate: dict[str, dict[str, str]] = field(default_factory=dict)


def csv_records(text: str) -> tuple[list[str] | None, Iterator[tuple[int, list[str]]]]:
    """The header row and each later record with the physical line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error:
        raise FileProblem(_bad_csv(reader.line_num)) from None

    def records():
        previous_end = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error:
                raise FileProblem(_bad_csv(reader.line_num)) from None
            # A quoted cell may span several lines: the record starts after the previous one.
            line, previous_end = previous_end + 1, reader.line_num
            yield line, cells

    return header, records()


def _bad_csv(line: int) -> str:
    return _(
        "line %(line)d: the file cannot be read as CSV (check for a stray quote mark).",
        line=line,
    )


def header_names(header: list[str] | None) -> list[str]:
    return [cell.strip().lower() for cell in header or []]
