"""An import's result as JSON for the job record, and back, for the preview and result pages."""

from __future__ import annotations

import dataclasses
from datetime import date

from app.domain.imports.rows import ImportResult, ReviewRow

_DATES = ("date_of_birth", "review_date", "child_last_seen_by_iro")


def to_json(result: ImportResult) -> dict:
    data = dataclasses.asdict(result)
    data["preview"] = [
        {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
        for row in data["preview"]
    ]
    return data


def from_json(data: dict) -> ImportResult:
    rows = [
        ReviewRow(**{k: date.fromisoformat(v) if k in _DATES and v else v for k, v in row.items()})
        for row in data.get("preview", [])
    ]
    fields = {f.name for f in dataclasses.fields(ImportResult)} - {"preview"}
    result = ImportResult(**{k: v for k, v in data.items() if k in fields})
    result.preview = rows
    return result
