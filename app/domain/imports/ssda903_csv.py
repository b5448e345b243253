"""The DfE SSDA903 return's Reviews table as CSV: CHILD, DOB, REVIEW, REVIEW_CODE.

The layout is the one the DfE publishes for the return (dates dd/mm/yyyy, codes PN0 to PN7); the
return has no team, venue or last-seen date, so those stay "not recorded" unless another file
gives them.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.domain.imports.rows import ImportResult
from app.domain.imports.table import DAY_FIRST, Table, csv_records, header_names

COLUMNS = {
    "child": "child_ref",
    "dob": "date_of_birth",
    "review": "review_date",
    "review_code": "participation_code",
}


def recognises(names: list[str]) -> bool:
    return {"child", "review"} <= set(names)


def read(text: str, result: ImportResult) -> Table | None:
    header, records = csv_records(text)
    names = header_names(header)
    columns: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in COLUMNS and COLUMNS[name] not in columns:
            columns[COLUMNS[name]] = index
        elif name:
            result.unknown_columns.append(header[index].strip())
    missing = [file_name.upper() for file_name, ours in COLUMNS.items() if ours not in columns]
    if missing:
        result.errors.append(
            _("The header row has no column named %(names)s.", names=", ".join(missing))
        )
        return None
    return Table(
        kind="903-csv",
        label=_("903 Reviews file"),
        columns=columns,
        records=records,
        width=len(header),
        labels={ours: file_name.upper() for file_name, ours in COLUMNS.items()},
        dates=DAY_FIRST,
    )
