"""Everything the annual pack says, written to a folder, so that two versions of the code can be
compared byte for byte on the same data (a speed-up must not change a figure).

Run: ``.venv/bin/python bench/pack_snapshot.py OUT_FOLDER DATABASE_URL [--generate N]``

With ``--generate N`` the database is first filled by bench/annual_pack.py's generator (N reviews
a year; its tables are dropped first). Written: ``pack.json`` (every table, chart and quote of the
pack and of its publishable version), ``pack.html`` (what the PDF is printed from),
``xlsx.json`` (every cell of the workbook: the file itself holds a timestamp), and a CSV of every
registered report for each of the two years and for one month (a short range reads differently).
Compare two folders with ``diff -r``.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.annual_pack import YEAR, _sqlalchemy_url, generate  # noqa: E402


def _plain(value):
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(map(str, value))
    if isinstance(value, int | str | float | bool) or value is None:
        return value
    return repr(value)


def snapshot(out: Path, database: str) -> None:
    from openpyxl import load_workbook

    from app import create_app
    from app.domain.pack.build import build_pack
    from app.domain.pack.output import pack_html, to_xlsx
    from app.domain.reports import registry

    out.mkdir(parents=True, exist_ok=True)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _sqlalchemy_url(database)})
    with app.app_context(), app.test_request_context():
        packs = {}
        for publishable in (False, True):
            pack = build_pack(YEAR, publishable=publishable)
            packs[str(publishable)] = {
                "tables": _plain(pack.tables),
                "charts": _plain(pack.charts),
                "quotes": _plain(pack.quotes),
            }
            if not publishable:
                (out / "pack.html").write_text(pack_html(pack))
                book = load_workbook(io.BytesIO(to_xlsx(pack)))
                cells = {
                    sheet.title: [
                        [_plain(c) for c in row] for row in sheet.iter_rows(values_only=True)
                    ]
                    for sheet in book.worksheets
                }
                (out / "xlsx.json").write_text(json.dumps(cells, indent=1))
        (out / "pack.json").write_text(json.dumps(packs, indent=1))
        ranges = {
            "this": (date(YEAR, 4, 1), date(YEAR + 1, 3, 31)),
            "last": (date(YEAR - 1, 4, 1), date(YEAR, 3, 31)),
            "month": (date(YEAR, 6, 1), date(YEAR, 6, 30)),
        }
        for name in registry.REPORTS:
            for label, (first, last) in ranges.items():
                for publishable in (False, True):
                    report = registry.run(name, first, last, publishable=publishable)
                    suffix = "-pub" if publishable else ""
                    (out / f"{name}-{label}{suffix}.csv").write_text(registry.to_csv(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("database")
    parser.add_argument("--generate", type=int)
    args = parser.parse_args()
    if args.generate:
        generate(_sqlalchemy_url(args.database), args.generate)
    snapshot(args.out, args.database)


if __name__ == "__main__":
    main()
