"""The pack's tables in a board paper's words: theme names instead of ids like ``family_time``,
question wording instead of keys like ``home_feel``, and the faces as shares of a year's answers
instead of counts by month (which are mostly 1 to 4, so a publishable table was a wall of "<5").

The reports themselves keep their public labels (returns are built on them); only the pack, read
by a Corporate Parenting Board, is reworded here, from the report as built.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from app.domain.booklets.definitions import PLACEHOLDER
from app.domain.booklets.names import STAFF_NAMES
from app.domain.booklets.own_words import DEFAULT_WORDS
from app.domain.reports.table import Report
from app.domain.reviews.participation import percent
from app.domain.themes.engine import THEMES

# The faces report's columns after its labels (Booklet, Question, Wording, Period).
FACES_FIRST_COUNT = 4
FACES_TITLE = _l("How children feel, by question: the share of the year's answers")


def theme_name(theme: str) -> str:
    """A theme id as a short heading: ``family_time`` -> "Family time" (the ids are plain words)."""
    return theme.replace("_", " ").capitalize() if theme in THEMES else theme


def _themes(report: Report) -> Report:
    """Themes down: the theme's description as its name, and no separate description column."""
    rows = []
    for row in report.rows:
        label = row[0]
        name = str(THEMES[label]) if label in THEMES else label
        rows.append([name, *row[2:]])
    columns = [report.columns[0], *report.columns[2:]]
    return Report(
        report.name,
        report.title,
        report.date_from,
        report.date_to,
        columns,
        rows,
        percent_columns=frozenset(c - 1 for c in report.percent_columns if c > 1),
        numerators={k - 1: v - 1 for k, v in report.numerators.items() if k > 1 and v > 1},
        bases=dict(report.bases),
    )


def _themes_by_team(report: Report) -> Report:
    """Themes across: short names for the column headings."""
    return Report(
        report.name,
        report.title,
        report.date_from,
        report.date_to,
        [theme_name(column) for column in report.columns],
        report.rows,
        percent_columns=report.percent_columns,
        numerators=dict(report.numerators),
        bases=dict(report.bases),
    )


def _wording(text: str) -> str:
    # A question may hold the child's word for someone ("{carer}"): a paper says "your carer".
    return PLACEHOLDER.sub(
        lambda m: str(DEFAULT_WORDS.get(m.group(1).lower(), m.group(0))), text or ""
    )


def _faces(report: Report) -> Report:
    """One row per question for the whole year: how many answered, and the share of each face.

    Shares come from the full counts; in a publishable pack a row whose number of answers is 1
    to 4 is hidden whole, by the reports' own rule for figures worked out from a hidden count.
    """
    faces = report.columns[FACES_FIRST_COUNT:-1]
    summed: dict[tuple[str, str], list] = {}
    for row in report.rows:
        slug, _key, wording = row[0], row[1], row[2]
        booklet = str(STAFF_NAMES.get(slug, slug))
        key = (booklet, _wording(str(wording or row[1])))
        counts = summed.setdefault(key, [None] * len(faces) + [0])
        for i, cell in enumerate(row[FACES_FIRST_COUNT:]):
            if isinstance(cell, int):
                counts[i] = (counts[i] or 0) + cell
    rows = []
    for (booklet, question), counts in summed.items():
        total = counts[-1]
        shares = [None if n is None else percent(n, total) for n in counts[:-1]]
        rows.append([booklet, question, total, *shares])
    columns = ["Booklet", "Question", "Answers", *(f"% {face}" for face in faces)]
    return Report(
        report.name,
        str(FACES_TITLE),
        report.date_from,
        report.date_to,
        columns,
        rows,
        percent_columns=frozenset(range(3, len(columns))),
    )


BOARD_PAPER: dict[str, Callable[[Report], Report]] = {
    "themes": _themes,
    "themes-by-team": _themes_by_team,
    "faces": _faces,
}


def for_board(report: Report) -> Report:
    """``report`` as the pack shows it (unchanged when it needs no rewording)."""
    reword = BOARD_PAPER.get(report.name)
    return reword(report) if reword else report
