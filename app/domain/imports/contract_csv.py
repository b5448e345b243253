"""The public contract's CSV (child_ref, date_of_birth, review_date, ...), read as it always was."""

from __future__ import annotations

from flask_babel import gettext as _

from app.domain.imports.rows import ImportResult
from app.domain.imports.table import ISO, Table, column_name, csv_records

REQUIRED = ("child_ref", "date_of_birth", "review_date")
OPTIONAL = ("team", "participation_code", "venue", "child_last_seen_by_iro")
ALSO_UNDERSTOOD = ("first_name", "preferred_name", "iro_email", "review_type", "language")
KNOWN = REQUIRED + OPTIONAL + ALSO_UNDERSTOOD


def read(text: str, result: ImportResult) -> Table | None:
    header, records = csv_records(text)
    columns = _read_header(header, result)
    if columns is None:
        return None
    named = _named_width(header)
    if named < len(header):
        records = _noting_unnamed(records, named, len(header), result)
    return Table(
        kind="contract",
        label=_("Review records file"),
        columns=columns,
        records=records,
        width=len(header),
        # YYYY-MM-DD as the contract says, and day first as Excel writes it on re-saving the file
        # on a UK PC (app/domain/imports/dates.py).
        dates=ISO,
        # As in every layout (shared/domain.md): an exact copy of a row is imported once and
        # counted; two rows for one review that differ are a conflict, listed with both lines.
    )


def _read_header(header: list[str] | None, result: ImportResult) -> dict[str, int] | None:
    if not header or not any(cell.strip() for cell in header):
        result.errors.append(
            _("The first line of the file must be the header row of column names.")
        )
        return None
    columns: dict[str, int] = {}
    for index, cell in enumerate(header[: _named_width(header)]):
        name = column_name(cell)
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
    return columns if result.ok else None


def _named_width(header: list[str]) -> int:
    """The columns up to the last one with a name.

    Excel saves empty columns to the right of a table too: they are named as not read only when
    a row has something in them (see :func:`_noting_unnamed`).
    """
    return len(header) - next(i for i, cell in enumerate(reversed(header)) if cell.strip())


def _noting_unnamed(records, named: int, width: int, result: ImportResult):
    noted: set[int] = set()
    for line, cells in records:
        for index in range(named, min(width, len(cells))):
            if index not in noted and cells[index].strip():
                noted.add(index)
                result.unknown_columns.append(_("column %(number)d (no name)", number=index + 1))
        yield line, cells
