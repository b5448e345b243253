"""Any other extract (Mosaic, Liquidlogic LCS, Eclipse, Azeus...) through a saved mapping.

A manager matches the extract's column names, and its words for codes, venues and teams, to the
contract's once (:class:`app.models.imports.ImportMapping`); every later file of that shape is
read through the same mapping.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.domain.imports.rows import ImportResult
from app.domain.imports.table import (
    DAY_FIRST,
    ISO,
    Table,
    column_name,
    csv_records,
    header_names,
)
from app.models.imports import ImportMapping

# The contract columns a mapping can fill, and which of them a file must have.
MAPPABLE = (
    "child_ref",
    "date_of_birth",
    "review_date",
    "team",
    "participation_code",
    "venue",
    "child_last_seen_by_iro",
    "first_name",
    "preferred_name",
)
REQUIRED = ("child_ref", "date_of_birth", "review_date")


def read(text: str, mapping: ImportMapping, result: ImportResult) -> Table | None:
    header, records = csv_records(text)
    names = header_names(header)
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    for ours, theirs in (mapping.columns or {}).items():
        if ours in MAPPABLE and theirs and column_name(theirs) in names:
            columns[ours] = names.index(column_name(theirs))
            labels[ours] = theirs.strip()
    missing = [mapping.columns.get(ours) or ours for ours in REQUIRED if ours not in columns]
    if missing:
        result.errors.append(
            _(
                "The header row has no column named %(names)s, which the mapping "
                "%(mapping)s reads.",
                names=", ".join(missing),
                mapping=mapping.name,
            )
        )
        return None
    used = set(columns.values())
    result.unknown_columns.extend(
        header[i].strip() for i, name in enumerate(names) if name and i not in used
    )
    translate = {
        name: {word.casefold(): ours for word, ours in (words or {}).items()}
        for name, words in (
            ("participation_code", mapping.codes),
            ("venue", mapping.venues),
            ("team", mapping.teams),
        )
        if words
    }
    return Table(
        kind="mapped",
        label=_("Extract read with the mapping %(name)s", name=mapping.name),
        columns=columns,
        records=records,
        width=len(header),
        labels=labels,
        dates=mapping.dates,
        strict_dates=mapping.dates in (ISO, DAY_FIRST),
        translate=translate,
    )
