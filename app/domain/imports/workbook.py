"""An Excel workbook (.xlsx) read as the CSV it stands for.

A manager who opened the council's CSV in Excel often saves it back as a workbook. Its first sheet
that holds anything is written out as CSV text, one sheet row a line, so that every layout reads
it as it reads a CSV and a message's line number is the row number Excel shows.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime, time

from flask_babel import gettext as _

from app.domain.imports.table import FileProblem

# A workbook is compressed: this many characters of CSV is far more than any council's year of
# reviews, and stops a crafted file from filling the server's memory.
MAX_CHARACTERS = 64 * 1024 * 1024


def is_workbook(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def unreadable() -> str:
    """What is wrong with a ZIP file that is no readable workbook (damaged, .ods, .docx...)."""
    return _(
        "The file is not a CSV file, and it cannot be read as an Excel workbook (.xlsx) "
        "either. Save it as CSV and try again."
    )


def to_csv(data: bytes) -> str:
    """The first sheet with anything in it, as CSV text; FileProblem when it cannot be read."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        # openpyxl raises many kinds (a broken archive, a missing part, bad XML) for one thing.
        raise FileProblem(unreadable()) from None
    try:
        for sheet in book.worksheets:
            # Some programs write a wrong size for a sheet; read the rows as they are.
            sheet.reset_dimensions()
            text = _sheet_text(sheet)
            if text.strip(", \n"):
                return text
        return ""
    except FileProblem:
        raise
    except Exception:
        # A sheet is read as it is used: a damaged one fails here, not when the file opens.
        raise FileProblem(unreadable()) from None
    finally:
        book.close()


def _sheet_text(sheet) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([_cell(value) for value in row])
        if out.tell() > MAX_CHARACTERS:
            raise FileProblem(
                _("The Excel workbook is too big to read here. Save it as CSV and try again.")
            )
    return out.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        # Excel keeps every number as a float: a case number 123456 must not become "123456.0".
        return str(int(value))
    # A cell's own line breaks would push every later line number off the sheet's row number.
    return " ".join(str(value).splitlines())
