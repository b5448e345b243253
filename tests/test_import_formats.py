"""The council's own files in: the SSDA903 return (CSV and XML), the SSD, a saved mapping."""

from datetime import timedelta

import pytest

from app.domain.imports.reader import import_reviews
from app.extensions import db
from app.models import Review
from app.models.audit import AuditEvent
from app.models.imports import ImportMapping
from tests.factories import TODAY
from tests.import_formats_helpers import (
    REVIEWS,
    contract_csv,
    csv_903,
    dmy,
    forget_everything,
    reports,
    ssd_files,
    xml_903,
)


def count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


@pytest.fixture
def contract_reports(app):
    with app.app_context():
        result = import_reviews(contract_csv())
        assert result.ok, result.errors
        expected = reports()
        forget_everything()
        return expected


@pytest.mark.parametrize(
    ("make", "layout"),
    [
        (lambda: (csv_903(), ()), "903 Reviews file"),
        (lambda: (xml_903(), ()), "903 XML file"),
        (lambda: (ssd_files()[1], ssd_files()[::2]), "ssd_cla_reviews"),
    ],
    ids=["903-csv", "903-xml", "ssd-any-order"],
)
def test_each_layout_gives_the_same_reports_as_the_contract_csv(
    app, contract_reports, make, layout
):
    data, others = make()
    with app.app_context():
        result = import_reviews(data, others=list(others))
        assert result.ok, result.errors
        assert layout in result.layout
        assert (result.rows, result.created) == (len(REVIEWS), len(REVIEWS))
        assert reports() == contract_reports
        again = import_reviews(data, others=list(others))
        assert (again.created, again.updated, again.unchanged) == (0, 0, len(REVIEWS))


def test_903_csv_from_the_command_line_counts_duplicates(runner, tmp_path):
    path = tmp_path / "reviews903.csv"
    path.write_bytes(
        csv_903(extra_lines=["C1,01/01/2012,01/04/2023,PN1", "C3,03/03/2010,01/06/2023,PN7"])
    )
    result = runner.invoke(args=["import-reviews", str(path)])
    assert result.exit_code == 0, result.output
    assert "Read as: 903 Reviews file." in result.stdout
    assert "2 rows were the same as another and were skipped." in result.stdout
    assert f"{len(REVIEWS)} new reviews" in result.stdout
    with runner.app.app_context():
        assert count(Review) == len(REVIEWS)


def test_conflicting_codes_list_both_lines_and_import_nothing_unless_skipped(app):
    data = csv_903(extra_lines=["C1,01/01/2012,01/04/2023,PN4"])
    with app.app_context():
        result = import_reviews(data)
        assert not result.ok
        assert result.errors == [
            "lines 2 and 8: CHILD C1 has different records for the same review on 01/04/2023 "
            "(PN1, PN4); correct the file, or leave this review out and import the rest"
        ]
        assert count(Review) == 0
        chosen = import_reviews(data, skip_conflicts=True)
        assert chosen.ok and chosen.conflicts_skipped
        assert chosen.created == len(REVIEWS) - 1
        event = db.session.execute(db.select(AuditEvent)).scalar_one()
        assert event.action == "import-skipped-conflicts"
        assert "C1 2023-04-01" in event.detail


def test_skip_conflicts_on_the_command_line(runner, tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_bytes(csv_903(extra_lines=["C1,01/01/2012,01/04/2023,PN4"]))
    refused = runner.invoke(args=["import-reviews", str(path)])
    assert refused.exit_code == 1
    assert "add --skip-conflicts" in refused.stderr
    assert "Nothing was imported." in refused.stderr
    done = runner.invoke(args=["import-reviews", str(path), "--skip-conflicts"])
    assert done.exit_code == 0, done.output
    assert "1 review with conflicting rows was left out, as you chose:" in done.stdout
    assert "C1 2023-04-01 (lines 2, 8)" in done.stdout


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (
            "C9,31/02/2012,01/04/2023,PN1",
            "line 8: DOB '31/02/2012' is not a real date in the form dd/mm/yyyy",
        ),
        (
            "C9,01/01/2012,01/04/23,PN1",
            "line 8: REVIEW '01/04/23' has a two-digit year; write the year in full, as in "
            "31/03/2024",
        ),
        ("C9,01/01/2012,01/04/2023,PN9", "line 8: REVIEW_CODE 'PN9' is not one of PN0 to PN7"),
        ("C9,01/01/2012,,PN1", "line 8: REVIEW is empty"),
    ],
)
def test_bad_903_rows_say_what_and_where_and_write_nothing(app, line, error):
    with app.app_context():
        result = import_reviews(csv_903(extra_lines=[line]))
        assert result.errors == [error]
        assert count(Review) == 0


def test_bad_903_xml_review_gives_its_line(app):
    data = xml_903().replace(b"<REVIEW_CODE>PN7</REVIEW_CODE>", b"<REVIEW_CODE>P7</REVIEW_CODE>")
    line = data.decode().splitlines().index("        <REVIEW_CODE>P7</REVIEW_CODE>")
    with app.app_context():
        result = import_reviews(data)
        # The review's line is where its <AREVIEW> starts, two lines above its code.
        assert result.errors == [f"line {line - 1}: REVIEW_CODE 'P7' is not one of PN0 to PN7"]
        assert count(Review) == 0


def test_903_xml_with_entities_is_refused(app):
    data = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        b"<EXPSSDA903><CHILD><HEADER><CHILDID>&a;</CHILDID></HEADER></CHILD></EXPSSDA903>"
    )
    with app.app_context():
        result = import_reviews(data)
        assert result.errors == [
            "The XML file declares entities or a DTD, which My Say does not accept."
        ]


def test_ssd_due_dates_become_upcoming_reviews(app):
    soon = TODAY + timedelta(days=30)
    reviews, person, episodes = ssd_files(due=[("C1", soon)])
    with app.app_context():
        result = import_reviews(reviews, others=[person, episodes])
        assert result.ok, result.errors
        upcoming = db.session.execute(
            db.select(Review).where(Review.review_date == soon)
        ).scalar_one()
        assert upcoming.child.child_ref == "C1"
        assert upcoming.participation_code is None


def test_ssd_without_person_file_uses_stored_birth_dates_or_says_what_is_missing(app):
    reviews, _person, episodes = ssd_files()
    with app.app_context():
        missing = import_reviews(reviews, others=[episodes])
        assert "line 2: pers_dob is empty" in missing.errors
        assert import_reviews(contract_csv()).ok
        again = import_reviews(reviews, others=[episodes])
        assert again.ok, again.errors
        assert again.unchanged == len(REVIEWS)


def test_a_mapped_extract_gives_the_same_reports(app, contract_reports, runner, tmp_path):
    lines = ["Person ID,Birth Date,Meeting Date,Participation,Place"]
    words = {"PN1": "Attended and spoke", "PN6": "Sent views", "PN0": "Under four"}
    for c, b, r, code in REVIEWS:
        lines.append(f"{c},{b.strftime('%d/%m/%Y')},{r.isoformat()},{words.get(code, code)},")
    path = tmp_path / "mosaic.csv"
    path.write_text("\n".join(lines) + "\n")
    with app.app_context():
        db.session.add(mosaic_mapping(words, venue="Place"))
        db.session.commit()
    result = runner.invoke(args=["import-reviews", str(path), "--mapping", "mosaic"])
    assert result.exit_code == 0, result.output
    assert "Read as: Extract read with the mapping mosaic." in result.stdout
    with app.app_context():
        assert reports() == contract_reports
    unknown = runner.invoke(args=["import-reviews", str(path), "--mapping", "lcs"])
    assert "There is no saved mapping called lcs." in unknown.stderr


@pytest.mark.parametrize(
    ("old", "new", "wanted"),
    [
        (b"2023-06-01 00:00:00.000,N,PN7", b"2023-06-31 00:00:00.000,N,PN7", "is not a real date"),
        (b"N,PN7", b"N,PN8", "is not one of PN0 to PN7"),
    ],
    ids=["bad-date", "unknown-code"],
)
def test_bad_ssd_rows_say_what_and_where_and_write_nothing(app, old, new, wanted):
    reviews, person, episodes = ssd_files()
    with app.app_context():
        result = import_reviews(reviews.replace(old, new), others=[person, episodes])
        assert len(result.errors) == 1, result.errors
        # The C3 review is the fourth record, on line 5 of ssd_cla_reviews.
        assert result.errors[0].startswith("line 5: ") and wanted in result.errors[0]
        assert count(Review) == 0


def test_bad_903_xml_date_gives_its_line(app):
    first = dmy(REVIEWS[0][2])
    data = xml_903().replace(f"<REVIEW>{first}</REVIEW>".encode(), b"<REVIEW>31/02/2023</REVIEW>")
    line = data.decode().splitlines().index("        <REVIEW>31/02/2023</REVIEW>")
    with app.app_context():
        result = import_reviews(data)
        # The review's line is where its <AREVIEW> starts, the line above its date; the XML
        # takes either form of date, and the message names both.
        assert result.errors == [
            f"line {line}: REVIEW '31/02/2023' is not a real date like 2024-03-31 or 31/03/2024"
        ]
        assert count(Review) == 0


def mosaic_mapping(words: dict[str, str], **more_columns: str) -> ImportMapping:
    """The saved mapping of a Mosaic-like extract; ``more_columns`` maps further contract
    columns to the extract's headings."""
    return ImportMapping(
        name="mosaic",
        columns={
            "child_ref": "Person ID",
            "date_of_birth": "Birth Date",
            "review_date": "Meeting Date",
            "participation_code": "Participation",
            **more_columns,
        },
        dates="either",
        codes={v: k for k, v in words.items()},
        venues={},
        teams={},
    )


@pytest.mark.parametrize(
    ("row", "wanted"),
    [
        ("C9,01/01/2012,2023-02-30,Attended and spoke", "'2023-02-30' is not a real date"),
        ("C9,01/01/2012,2023-04-01,Wandered off", "'Wandered off'"),
    ],
    ids=["bad-date", "unknown-code"],
)
def test_bad_mapped_rows_say_what_and_where_and_write_nothing(app, row, wanted):
    words = {"PN1": "Attended and spoke"}
    lines = ["Person ID,Birth Date,Meeting Date,Participation", "C1,01/01/2012,2023-04-01,PN1"]
    data = ("\n".join([*lines, row]) + "\n").encode()
    with app.app_context():
        db.session.add(mosaic_mapping(words))
        db.session.commit()
        result = import_reviews(data, mapping="mosaic")
        assert len(result.errors) == 1, result.errors
        assert result.errors[0].startswith("line 3: ") and wanted in result.errors[0]
        assert count(Review) == 0
