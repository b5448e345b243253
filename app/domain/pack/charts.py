"""The pack's charts: matplotlib bar charts as SVG, drawn from the pack's tables.

Text is kept as text (``svg.fonttype: none``) so that a PDF reader can search and copy it, and
the output is made repeatable (fixed ids, no date) so the same data gives the same file.
Figures are made with :class:`matplotlib.figure.Figure`, not pyplot, so that no global state is
shared between requests.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

from flask_babel import gettext as _  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from app.domain.pack.table import PackTable  # noqa: E402
from app.domain.reports.table import TOTAL  # noqa: E402
from app.domain.reviews.participation import CODES, participation_rate  # noqa: E402

THIS_COLOUR = "#1d70b8"  # GOV.UK blue and a mid grey: distinct in greyscale print as well
LAST_COLOUR = "#8a9196"
MAX_BARS = 25
_SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "mysay-pack", "font.size": 9}


@dataclass(frozen=True)
class Chart:
    name: str  # the table it draws
    title: str
    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        # The page's Content-Security-Policy forbids style attributes, which matplotlib's SVG
        # uses; an SVG shown as an image is outside that policy.
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def _number(cell) -> float | None:
    if cell is None or isinstance(cell, str):
        return None
    return float(cell) if isinstance(cell, Decimal) else float(cell)


def bar_chart(
    name: str,
    title: str,
    labels: list[str],
    this: list[float | None],
    last: list[float | None],
    this_label: str,
    last_label: str,
    axis_label: str,
) -> Chart:
    """Horizontal bars, this year above last year for each label; a missing value draws no bar."""
    with matplotlib.rc_context(_SVG_RC):
        width, height = 7.0, 1.3 + 0.42 * len(labels)
        figure = Figure(figsize=(width, height))
        # Margins worked out from the labels: bbox_inches="tight" would draw everything twice.
        longest = max((len(label) for label in labels), default=4)
        figure.subplots_adjust(
            left=min(0.55, (0.3 + 0.068 * longest) / width),
            right=0.97,
            top=1 - 0.55 / height,
            bottom=0.5 / height,
        )
        ax = figure.add_subplot()
        positions = list(range(len(labels)))
        bar = 0.38
        for offset, values, colour, legend in (
            (-bar / 2, this, THIS_COLOUR, this_label),
            (bar / 2, last, LAST_COLOUR, last_label),
        ):
            ys = [p + offset for p in positions]
            bars = ax.barh(
                ys, [v or 0 for v in values], height=bar, color=colour, label=legend, zorder=2
            )
            for rect, value in zip(bars, values, strict=True):
                if value is not None:
                    ax.annotate(
                        f"{value:g}",
                        (rect.get_width(), rect.get_y() + rect.get_height() / 2),
                        xytext=(3, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=7,
                    )
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlabel(axis_label)
        ax.grid(axis="x", color="#dddddd", zorder=0)
        ax.spines[["top", "right"]].set_visible(False)
        top = max([v for v in this + last if v is not None], default=0) or 1
        ax.set_xlim(0, top * 1.15)
        ax.legend(loc="lower right", bbox_to_anchor=(1, 1), ncols=2, frameon=False, fontsize=8)
        figure.suptitle(title, x=0.01, ha="left", fontsize=10, fontweight="bold")
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    alt = _(
        "Bar chart: %(title)s, %(this)s beside %(last)s. The figures are in the table.",
        title=title,
        this=this_label,
        last=last_label,
    )
    return Chart(name=name, title=title, svg=out.getvalue(), alt=alt)


def _rate(row: list, table: PackTable, previous: bool) -> float | None:
    cells = {code: row[table.at(code, previous=previous)] for code in CODES}
    if not all(isinstance(cell, int) for cell in cells.values()):
        return None  # a year with no such row, or a count hidden as "<5"
    rate = participation_rate(cells)
    return None if rate is None else float(rate)


def participation_chart(table: PackTable) -> Chart | None:
    """Participation rate by team (PN1 to PN6 of PN1 to PN7), this year beside last year."""
    if not set(CODES) <= set(table.groups):
        return None
    return bar_chart(
        table.name,
        _("Participation rate by team"),
        [table.label(row) for row in table.rows],
        [_rate(row, table, False) for row in table.rows],
        [_rate(row, table, True) for row in table.rows],
        table.this_label,
        table.last_label,
        _("Reviews coded PN1 to PN6, as a % of PN1 to PN7"),
    )


def distribution_chart(table: PackTable) -> Chart | None:
    """The share of each row (venue, last seen, score, request...), for a table with a % column.

    Drawn from the first group called "%" or "% of ..."; rows with no share in either year (a
    total, a mean) are left out.
    """
    group = next((g for g in table.groups if g == "%" or g.startswith("% ")), None)
    if group is None:
        return None
    labels, this, last = [], [], []
    for row in table.rows:
        now = _number(row[table.at(group)])
        before = _number(row[table.at(group, previous=True)])
        if row[0] == TOTAL or (now is None and before is None):
            continue
        labels.append(table.label(row))
        this.append(now)
        last.append(before)
    if not labels or len(labels) > MAX_BARS:
        return None
    return bar_chart(
        table.name,
        table.title,
        labels,
        this,
        last,
        table.this_label,
        table.last_label,
        _("% of the year's total") if group == "%" else group,
    )


def charts_for(tables: list[PackTable]) -> list[Chart]:
    """A chart for each table that has something to draw, in the tables' order."""
    charts = []
    for table in tables:
        chart = participation_chart(table) or distribution_chart(table)
        if chart is not None:
            charts.append(chart)
    return charts
