"""Review-records files as councils' own tools write them, built in the test from one set of reviews.

Excel (by locale and by "Save as" type), SQL Server (Management Studio and sqlcmd) and the DfE's
returns each write the same reviews differently; :func:`contract_file` writes them in any of
those ways, so that a test can say "this file imports exactly as the plain one does".
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from app.extensions import db
from app.models import Child, Review, Team

COLUMNS = (
    "child_ref",
    "date_of_birth",
    "team",
    "review_date",
    "participation_code",
    "venue",
    "child_last_seen_by_iro",
    "first_name",
)
DATE_COLUMNS = ("date_of_birth", "review_date", "child_last_seen_by_iro")
# Names with letters outside ASCII and a team with a comma in it, as council records hold them.
ROWS = [
    ("C1", "2012-01-01", "North, East", "2024-03-05", "PN1", "office", "2024-03-01", "Zoë"),
    ("C2", "2013-02-02", "South", "2024-03-16", "PN6", "placement", "", "Siân"),
    ("C2", "2013-02-02", "South", "2024-09-16", "", "", "", "Siân"),
    ("C3", "2019-12-25", "", "2024-04-30", "PN0", "virtual", "2024-04-30", "Aoife"),
]


def dmy(iso: str) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def contract_file(
    rows=ROWS,
    *,
    sep: str = ",",
    eol: str = "\n",
    encoding: str = "utf-8",
    heading=lambda name: name,
    when=lambda iso: iso,
    cell=lambda text: text,
    before: str = "",
    after: str = "",
    trailing_columns: int = 0,
) -> bytes:
    """The reviews as a contract CSV; each keyword changes one thing a council's tool does.

    ``heading`` and ``when`` rewrite each column name and each date; ``cell`` any other value;
    ``before`` and ``after`` are text above the header and below the last row.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator=eol)
    blank = [""] * trailing_columns
    writer.writerow([heading(name) for name in COLUMNS] + blank)
    for row in rows:
        writer.writerow(
            [
                when(value) if name in DATE_COLUMNS and value else cell(value)
                for name, value in zip(COLUMNS, row, strict=True)
            ]
            + blank
        )
    return (before + out.getvalue() + after).encode(encoding)


def workbook(rows: list[list]) -> bytes:
    """An Excel workbook (.xlsx) of one sheet holding ``rows``."""
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    saved = io.BytesIO()
    book.save(saved)
    return saved.getvalue()


def as_cells(row) -> list:
    """A row as Excel holds it once opened: dates as dates, a numeric case number as a number."""
    return [
        datetime.fromisoformat(value) if name in DATE_COLUMNS and value else value or None
        for name, value in zip(COLUMNS, row, strict=True)
    ]


def stored() -> list[tuple]:
    """Every review with its child and team, as a manager would check them on the pages."""
    return db.session.execute(
        db.select(
            Child.child_ref,
            Child.date_of_birth,
            Child.first_name,
            Team.name,
            Review.review_date,
            Review.participation_code,
            Review.venue,
            Review.child_last_seen_by_iro,
        )
        .join(Child, Review.child_id == Child.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .order_by(Child.child_ref, Review.review_date)
    ).all()


def count_reviews() -> int:
    return db.session.execute(db.select(db.func.count()).select_from(Review)).scalar_one()


def stored_by_plain_import(data: bytes) -> list[tuple]:
    """What importing ``data`` stores, then forgotten: what each council-written file is held to."""
    from app.domain.imports.reader import import_reviews
    from tests.import_formats_helpers import forget_everything

    result = import_reviews(data)
    assert result.ok, result.errors
    expected = stored()
    forget_everything()
    return expected
