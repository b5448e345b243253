"""The annual report pack: every registered report for a financial year, beside the year before.

Layout chosen for a board paper: ONE table per report, with each value column split in two,
this year first and the previous year after it ("Number 2024/25", "Number 2023/24"). A reader
compares a figure with last year's without turning a page, and the sum of a row or a column
still works within one year. Rows are this year's, in order; a row found only in the previous
year (a team since closed) is added before the ``Total`` row, with this year's cells empty, so
that nothing from either year is dropped.

The pack is generic over :data:`app.domain.reports.registry.REPORTS`: every report registered when the pack
is built is in it (but the row-level returns in ``ROW_LEVEL``: a row per child has no place in a
board paper), so new reports flow in without a change here; a report with a board-paper
version in :data:`app.domain.reports.registry.PACK_VARIANTS` is built that way (the booklets table without
its IRO rows: a board paper does not name staff, and 300 IROs made the PDF slow). Charts are drawn from the tables
(no second query), and quotes come from :mod:`app.domain.pack.quotes`.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func

from app.domain.pack.charts import Chart, charts_for
from app.domain.pack.plain import for_board
from app.domain.pack.quotes import QUOTE_LIMIT, Quote, choose_quotes, read_ahead_quotes
from app.domain.pack.table import Cell, PackTable
from app.domain.reports import counts as report_counts
from app.domain.reports import frames as report_frames
from app.domain.reports import registry as reports
from app.domain.reviews.participation import financial_year
from app.extensions import db
from app.models import Review

# Before this, the data of a council using My Say cannot exist; a year outside the range is a typo.
FIRST_YEAR = 2000
LAST_YEAR = 2100


def year_label(year_start: int) -> str:
    """2024 -> '2024/25', the way English councils name a financial year."""
    return f"{year_start}/{(year_start + 1) % 100:02d}"


def year_range(year_start: int) -> tuple[date, date]:
    """The financial year starting in April of ``year_start``: 1 April to 31 March, included."""
    return date(year_start, 4, 1), date(year_start + 1, 3, 31)


def default_year(today: date) -> int:
    """The last financial year that has ended: the one an annual report is written about."""
    return financial_year(today)[0].year - 1


def year_choices(today: date | None = None) -> list[int]:
    """Every financial year with reviews, and the last ended one, newest first."""
    first, last = db.session.execute(
        db.select(func.min(Review.review_date), func.max(Review.review_date))
    ).one()
    default = default_year(today or date.today())
    low = min(default, financial_year(first)[0].year) if first else default
    high = max(default, financial_year(last)[0].year) if last else default
    return list(range(min(high, LAST_YEAR), max(low, FIRST_YEAR) - 1, -1))


@dataclass
class Pack:
    year_start: int
    date_from: date
    date_to: date
    this_label: str
    last_label: str
    tables: list[PackTable]
    charts: list[Chart]
    quotes: list[Quote]
    publishable: bool = False
    # Seconds each part took to build (a report's name, "charts", "quotes"): for the benchmark.
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return _("Annual report pack %(year)s", year=self.this_label)


def _label_width(*reports_: reports.Report) -> int:
    """How many leading columns label a row: the first, and each next one holding only text.

    Worked out before small numbers are hidden, which turns counts into text ("<5").
    """
    columns = reports_[0].columns
    width = 1
    while width < len(columns):
        cells = [row[width] for r in reports_ for row in r.rows if width < len(row)]
        if not any(isinstance(c, str) and c for c in cells):
            break
        if not all(c is None or isinstance(c, str) for c in cells):
            break
        width += 1
    return width


def _keyed(report: reports.Report, width: int) -> dict[tuple, dict[str, Cell]]:
    # A label may repeat (it should not); numbering repeats keeps every row.
    seen: Counter[tuple] = Counter()
    keyed: dict[tuple, dict[str, Cell]] = {}
    for row in report.rows:
        labels = tuple("" if cell is None else str(cell) for cell in row[:width])
        keyed[(*labels, seen[labels])] = dict(
            zip(report.columns[width:], row[width:], strict=False)
        )
        seen[labels] += 1
    return keyed


def _percent_names(report: reports.Report) -> set[str]:
    indexes = getattr(report, "percent_columns", frozenset())
    return {report.columns[i] for i in indexes if 0 < i < len(report.columns)}


def compare(
    this: reports.Report,
    last: reports.Report,
    this_label: str,
    last_label: str,
    *,
    publishable: bool = False,
) -> PackTable:
    """This year's report and last year's as one :class:`PackTable`; with ``publishable``, counts
    of 1 to 4 (and what is worked out from them) are hidden as the reports' own rule says."""
    width = _label_width(this, last) if this.columns == last.columns else 1
    if publishable:
        this, last = reports.suppress(this), reports.suppress(last)
    groups = list(this.columns[width:])
    groups += [c for c in last.columns[width:] if c not in groups]
    now, before = _keyed(this, width), _keyed(last, width)
    keys = list(now)
    only_before = [key for key in before if key not in now]
    if keys and keys[-1][0] == reports.TOTAL:
        keys[-1:-1] = only_before
    else:
        keys += only_before
    rows: list[list[Cell]] = []
    for key in keys:
        row: list[Cell] = [label or None for label in key[:width]]
        for group in groups:
            row += [now.get(key, {}).get(group), before.get(key, {}).get(group)]
        rows.append(row)
    return PackTable(
        name=this.name,
        title=str(this.title),
        label_columns=list(this.columns[:width]),
        groups=groups,
        this_label=this_label,
        last_label=last_label,
        rows=rows,
        percent_groups=frozenset(_percent_names(this) | _percent_names(last)),
    )


def build_pack(
    year_start: int, *, publishable: bool = False, quote_limit: int = QUOTE_LIMIT
) -> Pack:
    """Every registered report that counts (not the row-level returns) for the financial year starting April ``year_start``, beside the
    year before, with charts and anonymised quotes. Needs an app context.

    ``publishable`` hides small numbers (see :func:`app.domain.reports.registry.suppress`): for a board
    paper that will be published. Only the counts shown are hidden: a rate (participation by team)
    is still worked out from the full counts, so its chart keeps every bar; a chart of shares
    leaves out what its table hides.
    """
    date_from, date_to = year_range(year_start)
    last_from, last_to = year_range(year_start - 1)
    this_label, last_label = year_label(year_start), year_label(year_start - 1)
    timings: dict[str, float] = {}
    tables = []
    # The same tables before small numbers are hidden: rates are worked out from full counts.
    full: list[PackTable] = []
    # Reports share their frames within one build: each is read from the database once a year
    # (the answers once, by day, and cut; timeliness once, by year).
    years = ((last_from, last_to), (date_from, date_to))
    with report_frames.shared(span=(last_from, date_to), ranges=years):
        # The slowest reads go first on a second connection (when there can be one); this
        # thread reads the reviews and links meanwhile.
        report_frames.read_ahead_answers()
        read_ahead_quotes(date_from, date_to)
        report_counts.read_ahead_themes((date_from, date_to), (last_from, last_to))
        for name, dump in list(reports.pack_reports().items()):
            dump = reports.PACK_VARIANTS.get(dump, dump)
            started = time.perf_counter()
            this = for_board(dump(date_from, date_to))
            last = for_board(dump(last_from, last_to))
            table = compare(this, last, this_label, last_label)
            full.append(table)
            if publishable:
                table = compare(this, last, this_label, last_label, publishable=True)
            tables.append(table)
            timings[name] = time.perf_counter() - started
        started = time.perf_counter()
        quotes = choose_quotes(date_from, date_to, limit=quote_limit)
        timings["quotes"] = time.perf_counter() - started
    started = time.perf_counter()
    charts = charts_for(tables, full)
    timings["charts"] = time.perf_counter() - started
    return Pack(
        year_start=year_start,
        date_from=date_from,
        date_to=date_to,
        this_label=this_label,
        last_label=last_label,
        tables=tables,
        charts=charts,
        quotes=quotes,
        publishable=publishable,
        timings=timings,
    )
