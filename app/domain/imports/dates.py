"""Dates in a review-records file, as councils' tools write them, read or refused in plain words.

Every layout reads both forms the council's tools write: ISO (2024-03-31, what the contract asks
and databases write) and day first (31/03/2024, the DfE returns' form and what Excel writes on a
UK PC when it saves a CSV it opened). Either may carry the time a database or Excel adds
("2024-03-31 00:00:00.000", "2024-03-31T00:00:00", "31/03/2024 00:00"): the date is what counts.
A saved mapping that says its dates are written only one way is held to that.

Refused, with what to do: a day that does not exist (31/02/2024), a two-digit year (the century
is a guess), and month-first dates (03/31/2024, as a US-set Excel writes them).
"""

from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _

from app.domain.imports.table import DAY_FIRST, EITHER, ISO, quote

_YEAR_FIRST = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2}")
# What a database or Excel writes after the date: " 00:00", "T00:00:00.000Z", " 12:00:00 AM".
_TIME = re.compile(
    r"[ T]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*([AaPp]\.?[Mm]\.?|Z|[+-]\d{2}(:?\d{2})?)?"
)


class BadDate(ValueError):
    """The cell is not a date this import reads; the message says why, in plain words."""


def reader(style: str = ISO, *, strict: bool = False):
    """A function (column name, text) -> date for a layout whose dates are written ``style``.

    ``strict`` reads only that style (a saved mapping that says so); otherwise both forms are read
    and ``style`` is only the form a message asks for.
    """

    def parse(name: str, text: str) -> date:
        value = text.strip()
        time = _TIME.search(value)
        if time and time.end() == len(value) and time.start() > 0:
            value = value[: time.start()]
        year_first = _YEAR_FIRST.fullmatch(value)
        day_first = _DAY_FIRST.fullmatch(value)
        try:
            if year_first and not (strict and style == DAY_FIRST):
                year, month, day = year_first.groups()
                return date(int(year), int(month), int(day))
            if day_first and not (strict and style == ISO):
                day, month, year = day_first.groups()
                return date(int(year), int(month), int(day))
        except ValueError:
            if day_first and int(day_first.group(2)) > 12 >= int(day_first.group(1)):
                raise BadDate(
                    _(
                        "%(name)s '%(value)s' is not a real date: dates are read day first "
                        "(dd/mm/yyyy), and this one looks month first; write it as %(example)s",
                        name=name,
                        value=quote(text),
                        example=_month_first_fixed(day_first.groups(), style),
                    )
                ) from None
        if _TWO_DIGIT_YEAR.fullmatch(value):
            raise BadDate(
                _(
                    "%(name)s '%(value)s' has a two-digit year; write the year in full, as in "
                    "%(example)s",
                    name=name,
                    value=quote(text),
                    example="31/03/2024" if style == DAY_FIRST else "2024-03-31",
                )
            )
        if strict and style == ISO and day_first:
            iso = _real(day_first.groups())
            if iso is not None:
                raise BadDate(
                    _(
                        "%(name)s '%(value)s' is not in the form YYYY-MM-DD: write it as "
                        "%(example)s (a spreadsheet may have changed it when the file was saved)",
                        name=name,
                        value=quote(text),
                        example=iso,
                    )
                )
        # A day that does not exist is named in the form it was written in, when that is read.
        shown = style
        if not strict and style == ISO and day_first:
            shown = DAY_FIRST
        elif not strict and style == DAY_FIRST and year_first:
            shown = ISO
        form = {
            DAY_FIRST: _("a real date in the form dd/mm/yyyy"),
            EITHER: _("a real date like 2024-03-31 or 31/03/2024"),
        }.get(shown, _("a real date in the form YYYY-MM-DD"))
        raise BadDate(
            _("%(name)s '%(value)s' is not %(form)s", name=name, value=quote(text), form=form)
        )

    return parse


def read_date(name: str, text: str, style: str = ISO) -> date:
    """One date read as an import reads it; ValueError in the import's words when it is not one."""
    return reader(style)(name, text)


def _real(parts: tuple[str, str, str]) -> str | None:
    """dd/mm/yyyy as YYYY-MM-DD, or None when that day does not exist."""
    day, month, year = (int(part) for part in parts)
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_first_fixed(parts: tuple[str, str, str], style: str) -> str:
    month, day, year = (int(part) for part in parts)
    try:
        fixed = date(year, month, day)
    except ValueError:
        return "31/03/2024" if style == DAY_FIRST else "2024-03-31"
    return fixed.strftime("%d/%m/%Y") if style == DAY_FIRST else fixed.isoformat()
