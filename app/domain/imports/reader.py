"""Import review records from a council's case-record extract (the public CSV contract).

Every row is checked before anything is written: a file with any bad row imports nothing and
says, for every problem, its line number and what is wrong. A review is identified by child_ref
and review_date, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from app.domain.imports import writer as import_writer
from app.domain.imports.rows import ImportResult, ReviewRow
from app.domain.reviews.participation import REVIEW_TYPES, VENUES, normalise_code
from app.extensions import db
from app.models import User

REQUIRED = ("child_ref", "date_of_birth", "review_date")
OPTIONAL = ("team", "participation_code", "venue", "child_last_seen_by_iro")
ALSO_UNDERSTOOD = ("first_name", "preferred_name", "iro_email", "review_type", "language")
KNOWN = REQUIRED + OPTIONAL + ALSO_UNDERSTOOD

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")
_MAX_LENGTH = {"child_ref": 64, "team": 120, "first_name": 80, "preferred_name": 80}


class _Bad(ValueError):
    """One problem with one cell, in words a manager understands."""


PREVIEW_ROWS = 20


def import_reviews(data: bytes, *, dry_run: bool = False) -> ImportResult:
    """Check every row of a review-records CSV, then write them all in one transaction, or none.

    With ``dry_run`` the rows are written and then rolled back, so that the counts are exactly
    what a real import would make, and nothing is kept.
    """
    result = ImportResult(dry_run=dry_run)
    text = _decode(data, result)
    if text is None:
        return result
    rows = _parse(text, result)
    if not result.ok:
        return result
    result.preview = rows[:PREVIEW_ROWS]
    try:
        import_writer.write(rows, result)
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


def _decode(data: bytes, result: ImportResult) -> str | None:
    if not data.strip():
        result.errors.append(_("The file is empty."))
        return None
    if b"\x00" in data:
        result.errors.append(_("The file is not a CSV file. Choose a file saved as CSV."))
        return None
    try:
        # utf-8-sig drops the byte-order mark that Excel writes at the start of "CSV UTF-8".
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            _(
                "The file is not in UTF-8. In Excel, save it as \u201cCSV UTF-8 "
                "(Comma delimited)\u201d and try again."
            )
        )
        return None


def _parse(text: str, result: ImportResult) -> list[ReviewRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        columns = _read_header(header, result)
        if columns is None:
            return []
        rows = _check_rows(reader, columns, len(header), result)
    except csv.Error:
        result.errors.append(
            _(
                "line %(line)d: the file cannot be read as CSV (check for a stray quote mark).",
                line=reader.line_num,
            )
        )
        return []
    if result.ok and not rows:
        result.errors.append(_("The file has a header row but no reviews under it."))
    return rows


def _read_header(header: list[str] | None, result: ImportResult) -> dict[str, int] | None:
    if not header or not any(cell.strip() for cell in header):
        result.errors.append(
            _("The first line of the file must be the header row of column names.")
        )
        return None
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lower()
        if name in KNOWN:
            if name in columns:
                result.errors.append(
                    _("The column %(name)s appears twice in the header row.", name=name)
                )
            columns[name] = index
        elif name:
            result.unknown_columns.append(cell.strip())
        else:
            result.unknown_columns.append(_("column %(number)d (no name)", number=index + 1))
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        result.errors.append(
            _("The header row has no column named %(names)s.", names=", ".join(missing))
        )
        if len(header) == 1 and ";" in header[0]:
            result.errors.append(
                _("The columns are separated by semicolons; save the file as CSV with commas.")
            )
    return columns if result.ok else None


def _check_rows(
    reader, columns: dict[str, int], width: int, result: ImportResult
) -> list[ReviewRow]:
    iros = {
        email.lower(): user_id
        for user_id, email in db.session.execute(db.select(User.id, User.email)).all()
    }
    rows: list[ReviewRow] = []
    seen: dict[tuple[str, date], int] = {}
    births: dict[str, tuple[date, int]] = {}
    previous_end = 1
    for cells in reader:
        # The physical line where this record starts (a quoted cell may span several lines).
        line, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        result.rows += 1
        problems: list[str] = []
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            problems.append(
                _(
                    "has %(extra)d more values than the header row has columns "
                    "(is there a comma in a name without quote marks?)",
                    extra=len(cells) - width,
                )
            )
        row = _check_row(line, cells, columns, iros, problems)
        if row.child_ref and row.review_date:
            key = (row.child_ref, row.review_date)
            if key in seen:
                problems.append(
                    _(
                        "child_ref and review_date repeat line %(first)d: a review can appear "
                        "only once in a file",
                        first=seen[key],
                    )
                )
            else:
                seen[key] = line
        if row.child_ref and row.date_of_birth:
            born = births.setdefault(row.child_ref, (row.date_of_birth, line))
            if born[0] != row.date_of_birth:
                problems.append(
                    _(
                        "date_of_birth %(this)s does not match %(first)s given for the same "
                        "child_ref on line %(line)d",
                        this=row.date_of_birth.isoformat(),
                        first=born[0].isoformat(),
                        line=born[1],
                    )
                )
        if problems:
            result.errors.extend(
                _("line %(line)d: %(problem)s", line=line, problem=p) for p in problems
            )
        else:
            rows.append(row)
    return rows


def _check_row(line, cells, columns, iros, problems) -> ReviewRow:
    """The row's values (None where a cell is empty or bad), adding each problem to ``problems``."""

    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def check(name: str, parse, required: bool = False):
        text = cell(name)
        if not text:
            if required:
                problems.append(_("%(name)s is empty", name=name))
            return None
        if len(text) > _MAX_LENGTH.get(name, 254):
            problems.append(
                _(
                    "%(name)s is longer than %(max)d characters",
                    name=name,
                    max=_MAX_LENGTH.get(name, 254),
                )
            )
            return None
        try:
            return parse(name, text)
        except _Bad as bad:
            problems.append(str(bad))
            return None

    child_ref = check("child_ref", _text, required=True)
    born = check("date_of_birth", _date, required=True)
    review_date = check("review_date", _date, required=True)
    last_seen = check("child_last_seen_by_iro", _date)
    if review_date and last_seen and last_seen > review_date:
        problems.append(
            _(
                "child_last_seen_by_iro %(seen)s is after review_date %(review)s",
                seen=last_seen.isoformat(),
                review=review_date.isoformat(),
            )
        )
    if review_date and born and born > review_date:
        problems.append(
            _(
                "date_of_birth %(born)s is after review_date %(review)s",
                born=born.isoformat(),
                review=review_date.isoformat(),
            )
        )
    return ReviewRow(
        line=line,
        child_ref=child_ref,
        date_of_birth=born,
        review_date=review_date,
        team=check("team", _name),
        participation_code=check("participation_code", _code),
        venue=check("venue", _choice(VENUES)),
        child_last_seen_by_iro=last_seen,
        first_name=check("first_name", _name),
        preferred_name=check("preferred_name", _name),
        iro_id=check("iro_email", lambda name, text: _iro(text, iros)),
        review_type=check("review_type", _choice(REVIEW_TYPES)),
        language=check("language", _language),
    )


def _quote(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _text(name: str, text: str) -> str:
    return text


def _name(name: str, text: str) -> str:
    # Exports pad and wrap names; one space between words keeps "North  East" one team.
    return " ".join(text.split())


def _date(name: str, text: str) -> date:
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise _Bad(
            _(
                "%(name)s '%(value)s' is not a real date in the form YYYY-MM-DD",
                name=name,
                value=_quote(text),
            )
        ) from None


def _code(name: str, text: str) -> str | None:
    try:
        return normalise_code(text)
    except ValueError:
        raise _Bad(
            _("%(name)s '%(value)s' is not one of PN0 to PN7", name=name, value=_quote(text))
        ) from None


def _choice(choices: tuple[str, ...]):
    def parse(name: str, text: str) -> str:
        if text.lower() not in choices:
            raise _Bad(
                _(
                    "%(name)s '%(value)s' is not one of %(choices)s",
                    name=name,
                    value=_quote(text),
                    choices=", ".join(choices),
                )
            )
        return text.lower()

    return parse


def _iro(text: str, iros: dict[str, int]) -> int:
    try:
        return iros[text.lower()]
    except KeyError:
        raise _Bad(
            _(
                "iro_email '%(value)s' does not belong to anyone who can sign in to My Say",
                value=_quote(text),
            )
        ) from None


def _language(name: str, text: str) -> str:
    if not _LANGUAGE.fullmatch(text) or len(text) > 12:
        raise _Bad(
            _("language '%(value)s' is not a language code like en or pl", value=_quote(text))
        )
    return text.replace("_", "-").lower()
