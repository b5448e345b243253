"""Import review records from a council's case-record extract (the public CSV contract).

Every row is checked before anything is written: a file with any bad row imports nothing and
says, for every problem, its line number and what is wrong. A review is identified by child_ref
and review_date, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, insert, update
from sqlalchemy.exc import IntegrityError

from app.domain.participation import REVIEW_TYPES, VENUES, normalise_code
from app.extensions import db
from app.models import Child, Review, Team, User

REQUIRED = ("child_ref", "date_of_birth", "review_date")
OPTIONAL = ("team", "participation_code", "venue", "child_last_seen_by_iro")
ALSO_UNDERSTOOD = ("first_name", "preferred_name", "iro_email", "review_type", "language")
KNOWN = REQUIRED + OPTIONAL + ALSO_UNDERSTOOD

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")
_MAX_LENGTH = {"child_ref": 64, "team": 120, "first_name": 80, "preferred_name": 80}
# Keeps every IN (...) list under SQLite's limit on bound parameters.
_CHUNK = 500
# Review fields an import sets, in the order they are compared.
_REVIEW_FIELDS = ("review_type", "team_id", "venue", "participation_code", "child_last_seen_by_iro")


@dataclass
class ImportResult:
    """What an import did, or why it did nothing."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    children_created: int = 0
    children_updated: int = 0
    teams_created: int = 0
    errors: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class _Row:
    line: int
    child_ref: str
    date_of_birth: date
    review_date: date
    team: str | None
    participation_code: str | None
    venue: str | None
    child_last_seen_by_iro: date | None
    first_name: str | None
    preferred_name: str | None
    iro_id: int | None
    review_type: str | None
    language: str | None


class _Bad(ValueError):
    """One problem with one cell, in words a manager understands."""


def import_reviews(data: bytes) -> ImportResult:
    """Check every row of a review-records CSV, then write them all in one transaction, or none."""
    result = ImportResult()
    text = _decode(data, result)
    if text is None:
        return result
    rows = _parse(text, result)
    if not result.ok:
        return result
    try:
        _write(rows, result)
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


def _parse(text: str, result: ImportResult) -> list[_Row]:
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


def _check_rows(reader, columns: dict[str, int], width: int, result: ImportResult) -> list[_Row]:
    iros = {
        email.lower(): user_id
        for user_id, email in db.session.execute(db.select(User.id, User.email)).all()
    }
    rows: list[_Row] = []
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


def _check_row(line, cells, columns, iros, problems) -> _Row:
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
    return _Row(
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


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(rows: list[_Row], result: ImportResult) -> None:
    team_ids = _teams([row.team for row in rows if row.team], result)
    child_ids = _children(rows, team_ids, result)
    _reviews(rows, child_ids, team_ids, result)


def _teams(names: list[str], result: ImportResult) -> dict[str, int]:
    """Team ids by case-folded name, creating the teams the file names for the first time."""
    ids = {name.casefold(): id_ for id_, name in db.session.execute(db.select(Team.id, Team.name))}
    new: dict[str, str] = {}
    for name in names:
        if name.casefold() not in ids:
            new.setdefault(name.casefold(), name)
    if new:
        db.session.execute(insert(Team), [{"name": name} for name in new.values()])
        result.teams_created = len(new)
        ids = {n.casefold(): id_ for id_, n in db.session.execute(db.select(Team.id, Team.name))}
    return ids


def _children(rows: list[_Row], team_ids: dict[str, int], result: ImportResult) -> dict[str, int]:
    """Child ids by child_ref; a child's current details come from their latest review row."""
    # Later rows overwrite earlier ones, but an empty cell never overwrites a value.
    latest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r.review_date):
        values = latest.setdefault(row.child_ref, {"date_of_birth": row.date_of_birth})
        values["_last"] = row.review_date
        for key, value in (
            ("first_name", row.first_name),
            ("preferred_name", row.preferred_name),
            ("language", row.language),
            ("iro_id", row.iro_id),
            ("team_id", team_ids[row.team.casefold()] if row.team else None),
        ):
            if value is not None:
                values[key] = value

    refs = list(latest)
    existing: dict[str, Child] = {}
    newest: dict[int, date] = {}
    for chunk in _chunks(refs):
        for child in db.session.execute(
            db.select(Child).where(Child.child_ref.in_(chunk))
        ).scalars():
            existing[child.child_ref] = child
        ids = [existing[ref].id for ref in chunk if ref in existing]
        newest.update(
            db.session.execute(
                db.select(Review.child_id, func.max(Review.review_date))
                .where(Review.child_id.in_(ids))
                .group_by(Review.child_id)
            ).all()
        )

    inserts, updates = [], []
    for ref, values in latest.items():
        last = values.pop("_last")
        child = existing.get(ref)
        if child is None:
            inserts.append({"child_ref": ref, "language": "en", **values})
            continue
        # A file older than what is stored must not move a child back to an old team or IRO.
        if newest.get(child.id) and newest[child.id] > last:
            values = {"date_of_birth": values["date_of_birth"]}
        changes = {k: v for k, v in values.items() if getattr(child, k) != v}
        if changes:
            updates.append({"id": child.id, **changes})
    if inserts:
        db.session.execute(insert(Child), inserts)
    if updates:
        db.session.execute(update(Child), updates)
    result.children_created, result.children_updated = len(inserts), len(updates)

    ids: dict[str, int] = {ref: child.id for ref, child in existing.items()}
    new_refs = [row["child_ref"] for row in inserts]
    for chunk in _chunks(new_refs):
        ids.update(
            db.session.execute(
                db.select(Child.child_ref, Child.id).where(Child.child_ref.in_(chunk))
            ).all()
        )
    return ids


def _reviews(rows, child_ids, team_ids, result: ImportResult) -> None:
    stored: dict[tuple[int, date], tuple] = {}
    for chunk in _chunks(sorted(set(child_ids.values()))):
        for review in db.session.execute(
            db.select(Review.id, Review.child_id, Review.review_date)
            .add_columns(*(getattr(Review, name) for name in _REVIEW_FIELDS))
            .where(Review.child_id.in_(chunk))
        ):
            stored[(review.child_id, review.review_date)] = tuple(review)

    inserts, updates = [], []
    for row in rows:
        child_id = child_ids[row.child_ref]
        values = (
            row.review_type,
            team_ids[row.team.casefold()] if row.team else None,
            row.venue,
            row.participation_code,
            row.child_last_seen_by_iro,
        )
        old = stored.get((child_id, row.review_date))
        if old is None:
            inserts.append(
                {"child_id": child_id, "review_date": row.review_date}
                | dict(zip(_REVIEW_FIELDS, values, strict=True))
            )
            continue
        # An empty cell keeps what is stored: the IRO may have recorded the venue, code or visit
        # in My Say itself, and a case-record extract that lacks it must not erase it.
        merged = tuple(
            new if new is not None else current
            for new, current in zip(values, old[3:], strict=True)
        )
        if merged == tuple(old[3:]):
            result.unchanged += 1
        else:
            updates.append({"id": old[0]} | dict(zip(_REVIEW_FIELDS, merged, strict=True)))
    if inserts:
        db.session.execute(insert(Review), inserts)
    if updates:
        # ORM bulk UPDATE by primary key: one executemany, not one query per row.
        db.session.execute(update(Review), updates)
    result.created, result.updated = len(inserts), len(updates)
