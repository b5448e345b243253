"""The contract's checks on every row of a :class:`~app.domain.imports.table.Table`.

Every layout goes through the same checks, so a problem gets the same plain words and line
number whether the file was a contract CSV, a 903 return or an SSD extract.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask_babel import gettext as _

from app.domain.imports import dates
from app.domain.imports.codes import read_code
from app.domain.imports.rows import Conflict, ImportResult, ReviewRow
from app.domain.imports.table import DAY_FIRST, Table, cell_text, quote
from app.domain.reviews.participation import REVIEW_TYPES, VENUES
from app.extensions import db
from app.models import User

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*")
_REPEATED = (
    "date_of_birth",
    "review_date",
    "child_last_seen_by_iro",
    "team",
    "participation_code",
    "venue",
    "iro_email",
    "review_type",
    "language",
)
_MAX_LENGTH = {"child_ref": 64, "team": 120, "first_name": 80, "preferred_name": 80}


class _Bad(ValueError):
    """One problem with one cell, in words a manager understands."""


# How often a long check says how far it has got.
PROGRESS_EVERY = 5000


def check_rows(
    table: Table,
    result: ImportResult,
    *,
    skip_conflicts: bool,
    numbered: bool = True,
    progress: Callable[[int], None] | None = None,
) -> list[ReviewRow]:
    """The rows that pass every check; each problem goes into ``result.errors`` with its line.

    ``numbered`` False leaves the line out (one record entered by hand has no line to name).
    ``progress`` is told the number of rows checked every :data:`PROGRESS_EVERY` rows.
    """
    iros = {
        email.lower(): user_id
        for user_id, email in db.session.execute(db.select(User.id, User.email)).all()
    }
    rows: list[ReviewRow] = []
    seen: dict[tuple[str, date], ReviewRow] = {}
    conflicts: dict[tuple[str, date], Conflict] = {}
    births: dict[str, tuple[date, int]] = {}
    label = table.labels.get
    # A column with few different values (dates, codes, teams) is parsed once per value: at
    # 100,000 rows parsing each cell again was most of the checking time.
    memo: dict[str, dict[str, tuple]] = {name: {} for name in _REPEATED}
    for line, cells in table.records:
        if not any(cell.strip() for cell in cells):
            continue
        result.rows += 1
        if progress is not None and result.rows % PROGRESS_EVERY == 0:
            progress(result.rows)
        problems: list[str] = []
        if (
            table.width is not None
            and len(cells) > table.width
            and any(cell.strip() for cell in cells[table.width :])
        ):
            problems.append(
                _(
                    "has %(extra)d more values than the header row has columns "
                    "(is there a comma in a name without quote marks?)",
                    extra=len(cells) - table.width,
                )
            )
        row = _check_row(line, cells, table, iros, problems, memo)
        if row.child_ref and row.review_date:
            key = (row.child_ref, row.review_date)
            first = seen.setdefault(key, row)
            if first is row:
                pass
            elif not table.repeats_allowed:
                problems.append(
                    _(
                        "child_ref and review_date repeat line %(first)d: a review can appear "
                        "only once in a file",
                        first=first.line,
                    )
                )
            elif problems:
                pass
            elif row.values() == first.values():
                result.duplicates += 1
                continue
            else:
                conflict = conflicts.setdefault(
                    key,
                    Conflict(row.child_ref, row.review_date, [first.line], [_code(first)]),
                )
                conflict.lines.append(line)
                conflict.codes.append(_code(row))
                continue
        if row.child_ref and row.date_of_birth:
            born = births.setdefault(row.child_ref, (row.date_of_birth, line))
            if born[0] != row.date_of_birth:
                problems.append(
                    _(
                        "%(dob)s %(this)s does not match %(first)s given for the same "
                        "%(child)s on line %(line)d",
                        dob=label("date_of_birth", "date_of_birth"),
                        child=label("child_ref", "child_ref"),
                        this=born_text(row.date_of_birth, table),
                        first=born_text(born[0], table),
                        line=born[1],
                    )
                )
        if problems and not numbered:
            result.errors.extend(problems)
        elif problems:
            result.errors.extend(
                _("line %(line)d: %(problem)s", line=line, problem=p) for p in problems
            )
        else:
            rows.append(row)
    result.conflicts = list(conflicts.values())
    if conflicts:
        if skip_conflicts:
            result.conflicts_skipped = True
            rows = [row for row in rows if (row.child_ref, row.review_date) not in conflicts]
        else:
            result.errors.extend(conflict_message(c, table) for c in result.conflicts)
    return rows


def _code(row: ReviewRow) -> str:
    return row.participation_code or _("no code")


def born_text(day: date, table: Table) -> str:
    return day.strftime("%d/%m/%Y") if table.dates == DAY_FIRST else day.isoformat()


def conflict_message(conflict: Conflict, table: Table) -> str:
    return _(
        "lines %(lines)s: %(child)s %(ref)s has different records for the same review on "
        "%(date)s (%(codes)s); correct the file, or leave this review out and import the rest",
        lines=" and ".join(str(line) for line in conflict.lines),
        child=table.labels.get("child_ref", "child_ref"),
        ref=conflict.child_ref,
        date=born_text(conflict.review_date, table),
        codes=", ".join(conflict.codes),
    )


def _check_row(line, cells, table: Table, iros, problems, memo) -> ReviewRow:
    """The row's values (None where a cell is empty or bad), adding each problem to ``problems``."""
    columns = table.columns

    def cell(name: str) -> str:
        index = columns.get(name)
        text = cell_text(cells[index]) if index is not None and index < len(cells) else ""
        words = table.translate.get(name)
        if words and text:
            return words.get(text.casefold(), text)
        return text

    def check(name: str, parse, required: bool = False):
        shown = table.labels.get(name, name)
        text = cell(name)
        if not text:
            if required:
                problems.append(_("%(name)s is empty", name=shown))
            return None
        known = memo.get(name)
        if known is not None and text in known:
            value, problem = known[text]
        else:
            value, problem = _parse(name, shown, text, parse)
            if known is not None:
                known[text] = (value, problem)
        if problem is not None:
            problems.append(problem)
        return value

    read_date = dates.reader(table.dates, strict=table.strict_dates)
    child_ref = check("child_ref", _text, required=True)
    born = check("date_of_birth", read_date, required=True)
    review_date = check("review_date", read_date, required=True)
    last_seen = check("child_last_seen_by_iro", read_date)
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
                "%(dob)s %(born)s is after %(review_name)s %(review)s",
                dob=table.labels.get("date_of_birth", "date_of_birth"),
                review_name=table.labels.get("review_date", "review_date"),
                born=born_text(born, table),
                review=born_text(review_date, table),
            )
        )
    return ReviewRow(
        line=line,
        child_ref=child_ref,
        date_of_birth=born,
        review_date=review_date,
        team=check("team", _name),
        participation_code=check("participation_code", _pn_code),
        venue=check("venue", _choice(VENUES)),
        child_last_seen_by_iro=last_seen,
        first_name=check("first_name", _name),
        preferred_name=check("preferred_name", _name),
        iro_id=check("iro_email", lambda name, text: _iro(text, iros)),
        review_type=check("review_type", _choice(REVIEW_TYPES)),
        language=check("language", _language),
    )


def _parse(name: str, shown: str, text: str, parse) -> tuple:
    """The cell's value and None, or None and what is wrong with it."""
    if len(text) > _MAX_LENGTH.get(name, 254):
        return None, _(
            "%(name)s is longer than %(max)d characters",
            name=shown,
            max=_MAX_LENGTH.get(name, 254),
        )
    try:
        return parse(shown, text), None
    except (_Bad, dates.BadDate) as bad:
        return None, str(bad)


def _text(name: str, text: str) -> str:
    return text


def _name(name: str, text: str) -> str:
    # Exports pad and wrap names; one space between words keeps "North  East" one team.
    return " ".join(text.split())


def _pn_code(name: str, text: str) -> str | None:
    try:
        return read_code(text)
    except ValueError:
        raise _Bad(
            _("%(name)s '%(value)s' is not one of PN0 to PN7", name=name, value=quote(text))
        ) from None


def _choice(choices: tuple[str, ...]):
    def parse(name: str, text: str) -> str:
        if text.lower() not in choices:
            raise _Bad(
                _(
                    "%(name)s '%(value)s' is not one of %(choices)s",
                    name=name,
                    value=quote(text),
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
                value=quote(text),
            )
        ) from None


def _language(name: str, text: str) -> str:
    if not _LANGUAGE.fullmatch(text) or len(text) > 12:
        raise _Bad(
            _("language '%(value)s' is not a language code like en or pl", value=quote(text))
        )
    return text.replace("_", "-").lower()
