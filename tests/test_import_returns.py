"""Codes back out: the 903 and SSD exports re-import to the same reports; reconciliation."""

from datetime import date, timedelta

from app.domain.imports.reader import import_reviews
from app.domain.reports.registry import run, to_csv
from app.extensions import db
from app.models import Review
from tests.factories import TODAY
from tests.import_formats_helpers import (
    REVIEWS,
    contract_csv,
    csv_903,
    forget_everything,
    reports,
)

START, END = date(2023, 4, 1), date(2024, 3, 31)


def test_903_export_imported_again_gives_the_same_reports(app):
    with app.app_context():
        assert import_reviews(contract_csv()).ok
        before = reports()
        exported = to_csv(run("903-reviews", START, END))
        assert exported.splitlines()[:2] == [
            "CHILD,DOB,REVIEW,REVIEW_CODE",
            "C1,01/01/2012,01/04/2023,PN1",
        ]
        forget_everything()
        result = import_reviews(exported.encode())
        assert result.ok, result.errors
        assert result.layout == "903 Reviews file"
        assert reports() == before


def test_ssd_export_keeps_venues_and_upcoming_reviews(app):
    soon = TODAY + timedelta(days=20)
    lines = contract_csv().decode().splitlines()
    lines[0] += ",venue"
    lines = [lines[0]] + [line + ",school" for line in lines[1:]]
    lines.append(f"C1,2012-01-01,{soon.isoformat()},,")
    with app.app_context():
        assert import_reviews(("\n".join(lines) + "\n").encode()).ok, "contract import"
        before = reports()
        span_end = max(END, soon)
        exported = to_csv(run("ssd-cla-reviews", START, span_end))
        upcoming = [row for row in exported.splitlines() if soon.isoformat() in row]
        assert upcoming and upcoming[0].split(",")[2:4] == [soon.isoformat(), ""]
        forget_everything()
        # The children are gone, so their dates of birth come from ssd_person.
        person = "pers_person_id,pers_dob\n" + "".join(
            f"{c},{b.isoformat()}\n" for c, b, _r, _code in REVIEWS
        )
        result = import_reviews(exported.encode(), others=[person.encode()])
        assert result.ok, result.errors
        assert reports() == before
        venues = db.session.execute(db.select(Review.venue).distinct()).scalars().all()
        assert set(venues) == {"school", None}
        assert db.session.execute(db.select(Review).where(Review.review_date == soon)).scalar_one()


def test_reconciliation_lists_codes_that_differ(runner, tmp_path):
    """Each difference with its line: a code that differs, a review only in the file, a review
    only in My Say (C4's, left out of the file), and two codes for one review in the file."""
    with runner.app.app_context():
        assert import_reviews(contract_csv()).ok
    changed = [
        (c, b, r, "PN5" if (c, r) == ("C3", date(2023, 6, 1)) else code)
        for c, b, r, code in REVIEWS
        if c != "C4"
    ]
    changed.append(("C9", date(2012, 5, 5), date(2023, 9, 9), "PN1"))
    path = tmp_path / "return.csv"
    path.write_bytes(csv_903(changed, extra_lines=["C5,28/02/2011,10/01/2024,PN4"]))
    result = runner.invoke(args=["reconcile-903", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Line,CHILD,REVIEW,Code in the file,Code in My Say",
        "5,C3,01/06/2023,PN5,PN7",
        ",C4,20/07/2023,Not in the file,Not recorded",
        '6 and 8,C5,10/01/2024,"PN2, PN4",PN2',
        "7,C9,09/09/2023,PN1,No such review in My Say",
    ]
    with runner.app.app_context():
        assert db.session.execute(db.select(db.func.count(Review.id))).scalar_one() == len(REVIEWS)
