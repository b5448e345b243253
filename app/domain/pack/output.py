"""The pack as files: an Excel workbook (a sheet per table) and a PDF for a board paper."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from flask import current_app, render_template
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.domain.pack.build import Pack
from app.domain.pack.table import PackTable
from app.domain.reports.registry import display

CONTENTS = "Contents"
QUOTES = "Quotes"
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
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        cell.value = float(value)
        cell.number_format = "0.0"
    else:
        cell.value = value
    if isinstance(value, str):
        # openpyxl would store "=..." as a formula (team names come from imports); text stays text.
        cell.data_type = "s"


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


def to_xlsx(pack: Pack) -> bytes:
    """A front "Contents" sheet, then a sheet per table (bold, frozen header), then the quotes."""
    workbook = Workbook()
    contents = workbook.active
    contents.title = CONTENTS
    workbook.properties.title = pack.title
    used = {CONTENTS.casefold(), QUOTES.casefold()}
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
    for quote in pack.quotes:
        quotes.append([quote.text, quote.question])
        for cell in quotes[quotes.max_row]:
            cell.data_type = "s"
    quotes.column_dimensions["A"].width = 90
    quotes.column_dimensions["B"].width = 45
    contents.append([QUOTES, _("What children said (anonymised)")])
    contents.column_dimensions["A"].width = 26
    contents.column_dimensions["B"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pack_html(pack: Pack) -> str:
    """The printable HTML that the PDF is made from (never served: it carries no page chrome)."""
    charts = {chart.name: chart for chart in pack.charts}
    return render_template("managers/pack_pdf.html", pack=pack, charts=charts, display=display)


def to_pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF, ready to paste into a board paper."""
    # Imported here: WeasyPrint loads its fonts and Pango on import, which the web pages never need.
    from weasyprint import CSS, HTML

    html = HTML(string=pack_html(pack), base_url=current_app.root_path)
    return html.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])
