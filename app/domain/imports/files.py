"""The text of an uploaded file, however the council's system or Excel saved it.

Councils send what their tools write: Excel's "CSV UTF-8" (with a byte-order mark), its plain
"CSV" (Windows-1252 on a UK PC), its "Unicode Text" (UTF-16), a workbook saved instead of a CSV,
or a file that is not a table at all (a PDF renamed .csv). Each is read as text here, or refused
with a plain message, so that the layouts only ever see text.
"""

from __future__ import annotations

import codecs
import re

from flask_babel import gettext as _

from app.domain.imports import workbook
from app.domain.imports.rows import ImportResult

_PDF = b"%PDF"
_ZIP = b"PK\x03\x04"
# Word and Excel 97-2003 (.doc, .xls) and Outlook messages share this container.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HTML = re.compile(rb"(\xef\xbb\xbf)?\s*<(!doctype\s+html|html)[\s>]", re.IGNORECASE)
# Characters no text export holds: a file with more than a few of them is not a table.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAMPLE = 4096


def _windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    # Bytes that are not UTF-8 are read as Windows-1252, byte by byte, so that a file saved by
    # Excel's plain "CSV" (or a UTF-8 file with one pasted-in line from such a file) keeps
    # "Zoë" and "Siân"; the five bytes Windows-1252 leaves undefined are read as Latin-1.
    bad = error.object[error.start : error.end]
    text = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in bad)
    return text, error.end


# The decoding error handler's name: UTF-8, with any byte that is not read as Windows-1252.
WINDOWS_1252 = "mysay-windows-1252"
codecs.register_error(WINDOWS_1252, _windows_1252)


def read_text(data: bytes, result: ImportResult) -> str | None:
    """The file as text, or None with what is wrong in ``result.errors``."""
    refused = not_a_table(data)
    if refused:
        result.errors.append(refused)
        return None
    if data.startswith(_ZIP):
        return _checked(workbook.to_csv(data), result)
    if data.startswith(_UTF16_BOMS) or _looks_utf16_le(data):
        try:
            text = data.decode("utf-16" if data.startswith(_UTF16_BOMS) else "utf-16-le")
        except UnicodeDecodeError:
            result.errors.append(_("The file is not a CSV file. Choose a file saved as CSV."))
            return None
    else:
        text = data.decode("utf-8-sig", errors=WINDOWS_1252)
    return _checked(text, result)


def not_a_table(data: bytes) -> str | None:
    """Why the file is plainly no table of reviews at all (a PDF, a web page...), or None."""
    head = data[:16]
    if head.startswith(_PDF):
        return _(
            "The file is a PDF, not a CSV file. Export the review records from the case "
            "system as CSV and try again."
        )
    if head.startswith(_OLE):
        return _(
            "The file is an Excel 97-2003 workbook (.xls) or another Office file, not a CSV "
            "file. In Excel, save it as \u201cCSV UTF-8 (Comma delimited)\u201d or as an "
            "Excel Workbook (.xlsx) and try again."
        )
    if _HTML.match(data[:64]):
        return _(
            "The file is a web page, not a CSV file. Export the review records from the case "
            "system as CSV and try again."
        )
    if head.startswith(_ZIP):
        if workbook.is_workbook(data):
            return None
        # A damaged workbook, an OpenDocument spreadsheet, a Word file or a ZIP archive.
        return workbook.unreadable()
    if head.startswith(_IMAGES):
        return _("The file is not a CSV file. Choose a file saved as CSV.")
    return None


def _looks_utf16_le(data: bytes) -> bool:
    # UTF-16 without its byte-order mark (some database tools write it so): every other byte of
    # plain text is zero.
    sample = data[:_SAMPLE]
    return len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and 0 not in sample[::2]


def _checked(text: str, result: ImportResult) -> str | None:
    # Old DOS tools end a file with Ctrl-Z; a second byte-order mark comes from files joined.
    text = text.lstrip("\ufeff").rstrip("\x1a")
    if not text.strip():
        result.errors.append(_("The file is empty."))
        return None
    sample = text[:_SAMPLE]
    if "\x00" in text or len(_CONTROL.findall(sample)) > len(sample) // 100:
        result.errors.append(_("The file is not a CSV file. Choose a file saved as CSV."))
        return None
    return text
