"""Every report managers can run: the registry, and one place to build any of them.

A report is a small ``dump_*`` function taking the first and last review dates, both included,
and returning a :class:`Report`; each module documents its row and column labels exactly:

- :mod:`app.domain.reports.reviews`: the four public-contract tables (participation-by-team,
  participation-summary, venue, iro-contact) and timeliness;
- :mod:`app.domain.reports.booklets`: booklets;
- :mod:`app.domain.reports.answers`: feedback, faces, requests;
- :mod:`app.domain.reports.themes` (the themes engineer's): themes, themes-by-team;
- :mod:`app.domain.reports.returns`: 903-reviews, ssd-cla-reviews (codes back to the case system).

The shape, the writers and the publishable version are in :mod:`app.domain.reports.table`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from app.domain.reports import answers as report_answers
from app.domain.reports import booklets as report_booklets
from app.domain.reports import returns as report_returns
from app.domain.reports import reviews as report_reviews
from app.domain.reports import themes as report_themes
from app.domain.reports.table import (  # noqa: F401 (the public names callers import from here)
    NOT_RECORDED,
    TOTAL,
    Cell,
    Report,
    display,
    suppress,
    to_csv,
    to_xlsx,
)

Dump = Callable[[date, date], Report]

# name -> dump; TITLES and DESCRIPTIONS (lazy, translated) share its names and order, which is
# the order the managers' page lists them in.
REPORTS: dict[str, Dump] = {}
TITLES: dict[str, object] = {}
DESCRIPTIONS: dict[str, object] = {}

# A row per child's review (their reference and date of birth) for the case system: never in the
# annual pack, which is a board paper of counts and may be published.
ROW_LEVEL = frozenset({"903-reviews", "ssd-cla-reviews"})


def pack_reports() -> dict[str, Dump]:
    """The reports the annual pack holds: every registered one that counts, in their order."""
    return {name: dump for name, dump in REPORTS.items() if name not in ROW_LEVEL}


def register(name: str, dump: Dump, title, description) -> None:
    """Add a report to the command, the managers' page and the download."""
    REPORTS[name] = dump
    TITLES[name] = title
    DESCRIPTIONS[name] = description


# Each module names its reports in TITLES (and DESCRIPTIONS) and defines ``dump_<name>`` for each,
# dashes as underscores; a new report module is added to this tuple.
for _module in (report_reviews, report_booklets, report_answers, report_themes, report_returns):
    _descriptions = getattr(_module, "DESCRIPTIONS", {})
    for _name, _title in _module.TITLES.items():
        register(
            _name,
            getattr(_module, "dump_" + _name.replace("-", "_")),
            _title,
            _descriptions.get(_name, _title),
        )


# dump -> the dump the annual pack uses instead, for a report whose board-paper version differs
# (keyed by the function, so that a report registered in its place is built as it is).
PACK_VARIANTS: dict[Dump, Dump] = {
    report_booklets.dump_booklets: report_booklets.dump_booklets_for_pack
}


def run(name: str, date_from: date, date_to: date, *, publishable: bool = False) -> Report:
    """Build the report called ``name``, with small numbers hidden when ``publishable``.

    KeyError if there is no such report.
    """
    report = REPORTS[name](date_from, date_to)
    return suppress(report) if publishable else report
