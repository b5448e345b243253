"""The annual report tables (the public contract), and their CSV and Excel writers.

Each report is a small ``dump_*`` function taking the first and last review dates, both included,
and returning a :class:`Report`. Percentages have one decimal, half up; when there is nothing to
divide by, the percentage cell is left EMPTY (never 0.0), so that "no reviews" cannot be read as
"no participation".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Font

from app.domain.participation import (
    CODES,
    PARTICIPATED,
    VENUES,
    format_percent,
    participation_rate,
    percent,
)
from app.extensions import db
from app.models import Review, Team

# Row and column labels are the public contract that councils' returns are built on, so they are
# deliberately not translated; only titles are.
NOT_RECORDED = "Not recorded"
TOTAL = "Total"
IRO_CONTACT_BANDS: tuple[tuple[str, int, int], ...] = (
    ("Same day as review", 0, 0),
    ("Within 1 week of review", 1, 7),
    ("Within 1 month of review", 8, 31),
    ("Within 3 months of review", 32, 92),
    ("Over 3 months since last seen", 93, 10**6),
)

Cell = str | int | Decimal | None

TITLES = {
    "participation-by-team": _l("Participation code by team"),
    "participation-summary": _l("Participation in reviews"),
    "venue": _l("Where reviews were held"),
    "iro-contact": _l("When the IRO last saw the child"),
}


@dataclass
class Report:
    """One table: a title, column labels, and rows of cells (str, int, or Decimal percentages)."""

    name: str
    title: str
    date_from: date
    date_to: date
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    percent_columns: frozenset[int] = frozenset()

    @property
    def filename_stem(self) -> str:
        return f"{self.name}_{self.date_from.isoformat()}_{self.date_to.isoformat()}"


def _reviews(date_from: date, date_to: date) -> pd.DataFrame:
    """The reviews in range, both ends included, read with one query."""
    query = (
        db.select(
            Team.name.label("team"),
            Review.participation_code.label("code"),
            Review.venue,
            Review.review_date,
            Review.child_last_seen_by_iro.label("last_seen"),
        )
        .outerjoin(Team, Review.team_id == Team.id)
        .where(Review.review_date.between(date_from, date_to))
    )
    return pd.DataFrame(
        db.session.execute(query).all(),
        columns=["team", "code", "venue", "review_date", "last_seen"],
    )


def _count(series: pd.Series, labels) -> dict[str, int]:
    counts = series.value_counts(dropna=True)
    return {label: int(counts.get(label, 0)) for label in labels}


def dump_participation_by_team(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    columns = ["Team", *CODES, NOT_RECORDED, TOTAL]
    report = Report(
        "participation-by-team",
        str(TITLES["participation-by-team"]),
        date_from,
        date_to,
        columns,
    )
    frame["code"] = frame["code"].fillna(NOT_RECORDED)
    no_team = frame["team"].isna()

    def row(label: str, part: pd.DataFrame) -> list[Cell]:
        counts = _count(part["code"], [*CODES, NOT_RECORDED])
        return [label, *counts.values(), len(part)]

    teams = sorted(frame.loc[~no_team, "team"].unique(), key=str.casefold)
    report.rows = [row(team, frame[frame["team"] == team]) for team in teams]
    if no_team.any():
        report.rows.append(row(NOT_RECORDED, frame[no_team]))
    report.rows.append(row(TOTAL, frame))
    return report


def dump_participation_summary(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    counts = _count(frame["code"], CODES)
    report = Report(
        "participation-summary",
        str(TITLES["participation-summary"]),
        date_from,
        date_to,
        ["Measure", "Value"],
        percent_columns=frozenset({1}),
    )
    report.rows = [
        ["Reviews", len(frame)],
        ["PN0", counts["PN0"]],
        ["PN1 to PN6", sum(counts[code] for code in PARTICIPATED)],
        ["PN7", counts["PN7"]],
        [NOT_RECORDED, int(frame["code"].isna().sum())],
        ["Participation rate %", participation_rate(counts)],
    ]
    return report


def _with_percentages(labelled: list[tuple[str, int]], total: int) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[label, n, percent(n, total)] for label, n in labelled]
    rows.append([TOTAL, total, percent(total, total)])
    return rows


def dump_venue(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    counts = _count(frame["venue"], VENUES)
    labelled = [(venue.capitalize(), n) for venue, n in counts.items()]
    labelled.append((NOT_RECORDED, int(frame["venue"].isna().sum())))
    return Report(
        "venue",
        str(TITLES["venue"]),
        date_from,
        date_to,
        ["Venue", "Number", "%"],
        _with_percentages(labelled, len(frame)),
        percent_columns=frozenset({2}),
    )


def dump_iro_contact(date_from: date, date_to: date) -> Report:
    frame = _reviews(date_from, date_to)
    days = pd.Series(
        [
            None if pd.isna(seen) else (review - seen).days
            for review, seen in zip(frame["review_date"], frame["last_seen"], strict=True)
        ],
        dtype="Float64",
    )
    # A visit dated after the review cannot be banded; imports refuse it, and it counts as
    # not recorded if it ever arrives another way.
    labelled = [
        (label, int(days.between(low, high).sum())) for label, low, high in IRO_CONTACT_BANDS
    ]
    labelled.append((NOT_RECORDED, len(frame) - sum(n for _, n in labelled)))
    return Report(
        "iro-contact",
        str(TITLES["iro-contact"]),
        date_from,
        date_to,
        ["Last seen by IRO", "Number", "%"],
        _with_percentages(labelled, len(frame)),
        percent_columns=frozenset({2}),
    )


REPORTS: dict[str, Callable[[date, date], Report]] = {
    "participation-by-team": dump_participation_by_team,
    "participation-summary": dump_participation_summary,
    "venue": dump_venue,
    "iro-contact": dump_iro_contact,
}


def run(name: str, date_from: date, date_to: date) -> Report:
    """Build the report called ``name``; KeyError if there is none."""
    return REPORTS[name](date_from, date_to)


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
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, Decimal):
                cell.value = float(value)
                cell.number_format = "0.0"
            else:
                cell.value = value
            if isinstance(value, str):
                # openpyxl would store "=..." as a formula; text must stay text.
                cell.data_type = "s"
    for c, label in enumerate(report.columns, start=1):
        longest = max([len(label), *(len(display(row[c - 1])) for row in report.rows)])
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = min(
            max(longest + 2, 8), 60
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
