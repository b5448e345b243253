"""The pack as files: an Excel workbook (a sheet per table) and a PDF for a board paper."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.domain.pack.build import Pack
from app.domain.pack.charts import Chart
from app.domain.pack.table import PackTable
from app.domain.reports.registry import display
from app.domain.reports.table import put

CONTENTS = "Contents"
QUOTES = "Quotes"
CHARTS = "Charts"
PRINT_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "pack_print.css"


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Table"
    candidate, n = clean, 2
    while candidate.casefold() in used:
        candidate = f"{clean[:28]}-{n}"
        n += 1
    used.add(candidate.casefold())
    return candidate


def _header(sheet, labels: list[str]) -> None:
    sheet.append(labels)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _write_cell(sheet, row: int, column: int, value) -> None:
    put(sheet.cell(row=row, column=column), value)


def _widths(sheet, rows: list[list]) -> None:
    for c in range(1, max((len(r) for r in rows), default=0) + 1):
        longest = max(len(display(r[c - 1])) if c <= len(r) else 0 for r in rows)
        sheet.column_dimensions[get_column_letter(c)].width = min(max(longest + 2, 8), 60)


def _table_sheet(workbook: Workbook, table: PackTable, name: str) -> None:
    sheet = workbook.create_sheet(name)
    _header(sheet, table.columns)
    sheet.freeze_panes = f"{get_column_letter(len(table.label_columns) + 1)}2"
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            _write_cell(sheet, r, c, value)
    _widths(sheet, [table.columns, *table.rows])


def _chart(sheet, chart: Chart) -> None:
    """The chart's figures on the charts sheet, and a native Excel bar chart beside them drawn
    from them, so that it can be restyled or copied into a board paper like any other chart.

    On a sheet of their own: each table's sheet stays one plain table, for anyone reading it
    with a program."""
    top = sheet.max_row + 2 if sheet.max_row > 1 else 1
    sheet.cell(row=top, column=1, value=chart.title).font = Font(bold=True)
    header = top + 1
    for c, label in enumerate((chart.axis, chart.this_label, chart.last_label), start=1):
        _write_cell(sheet, header, c, label)
        sheet.cell(row=header, column=c).font = Font(bold=True)
    for r, (label, now, before) in enumerate(
        zip(chart.labels, chart.this, chart.last, strict=True), start=header + 1
    ):
        _write_cell(sheet, r, 1, label)
        _write_cell(sheet, r, 2, now)
        _write_cell(sheet, r, 3, before)
    last_row = header + len(chart.labels)
    bars = BarChart()
    bars.type = "bar"  # horizontal, as in the PDF: long team names stay readable
    bars.title = chart.title
    bars.y_axis.title = chart.axis
    bars.y_axis.scaling.min = 0
    data = Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=last_row)
    names = Reference(sheet, min_col=1, min_row=header + 1, max_row=last_row)
    bars.add_data(data, titles_from_data=True)
    bars.set_categories(names)
    bars.x_axis.scaling.orientation = "maxMin"  # the first row at the top, as in the table
    bars.height = 4 + 0.6 * len(chart.labels)
    bars.width = 18
    sheet.add_chart(bars, f"E{top}")
    # Leave room for the drawing before the next chart's figures.
    rows_drawn = int(bars.height / 0.5) + 2
    sheet.cell(row=max(last_row, top + rows_drawn), column=1)


def to_xlsx(pack: Pack) -> bytes:
    """A front "Contents" sheet, then a sheet per table (bold, frozen header), then the quotes."""
    workbook = Workbook()
    contents = workbook.active
    contents.title = CONTENTS
    workbook.properties.title = pack.title
    used = {CONTENTS.casefold(), QUOTES.casefold(), CHARTS.casefold()}
    contents.append([pack.title])
    contents["A1"].font = Font(bold=True, size=14)
    contents.append(
        [_("Reviews from %(start)s to %(end)s", start=pack.date_from, end=pack.date_to)]
    )
    contents.append([])
    _header(contents, [_("Sheet"), _("Table")])
    contents.freeze_panes = "A5"
    for table in pack.tables:
        name = _sheet_name(table.name, used)
        _table_sheet(workbook, table, name)
        contents.append([name, table.title])
        link = contents.cell(row=contents.max_row, column=1)
        link.hyperlink = f"#'{name}'!A1"
        link.style = "Hyperlink"
    quotes = workbook.create_sheet(QUOTES)
    _header(quotes, [_("What a child said"), _("Question")])
    quotes.freeze_panes = "A2"
    for row, quote in enumerate(pack.quotes, start=2):
        _write_cell(quotes, row, 1, quote.text)
        _write_cell(quotes, row, 2, quote.question)
    quotes.column_dimensions["A"].width = 90
    quotes.column_dimensions["B"].width = 45
    contents.append([QUOTES, _("What children said (anonymised)")])
    if pack.charts:
        charts = workbook.create_sheet(CHARTS)
        for chart in pack.charts:
            _chart(charts, chart)
        charts.column_dimensions["A"].width = 40
        contents.append([CHARTS, _("The charts, with the figures they are drawn from")])
    contents.column_dimensions["A"].width = 26
    contents.column_dimensions["B"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pack_html(pack: Pack) -> str:
    """The printable HTML that the PDF is made from (never served: it carries no page chrome)."""
    charts = {chart.name: chart for chart in pack.charts}
    return render_template(
        "managers/pack_pdf.html", pack=pack, charts=charts, display=display, today=date.today()
    )


def to_pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF, ready to paste into a board paper."""
    # Imported here: WeasyPrint loads its fonts and Pango on import, which the web pages never need.
    from weasyprint import CSS, HTML

    html = HTML(string=pack_html(pack), base_url=current_app.root_path)
    # Tagged (PDF/UA-1): a screen reader reads headings, tables and the charts' words in order,
    # as a public body's published papers must allow.
    return html.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant="pdf/ua-1")
