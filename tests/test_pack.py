"""The annual report pack: tables beside last year, charts, quotes, the workbook, the PDF, the page.

The small dataset below spans two financial years (2023/24 and 2024/25) and a day either side;
the expected tables were worked out by hand from it.
"""

import io
import re
import textwrap
import threading
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.imports.reader import import_reviews
from app.domain.invitations.links import create as create_invitation
from app.domain.pack.build import build_pack, default_year, year_label, year_range
from app.domain.pack.output import to_pdf, to_xlsx
from app.domain.pack.quotes import Quote, anonymise
from app.domain.reports import frames as report_frames
from app.domain.reports import registry as reports
from app.extensions import db
from app.models import BookletVersion, Child, Review, Team
from tests.clock import TEST_DATE as TODAY
from tests.factories import answer, make_user, one_page_booklet, pdf_text, text_of
from tests.pack_helpers import (
    CSV,
    DEFINITION,
    QUOTE_ALEX,
    QUOTE_EZRA,
    SHARE,
    _booklet,
    _table,
    load_years,
    years,
)

THIS, LAST = "2024/25", "2023/24"


def table(text: str) -> list[list]:
    """Rows written one a line: the label, "|", then the cells; "-" is an empty cell, a number
    with a point a Decimal, any other number an int."""
    rows = []
    for line in textwrap.dedent(text).strip().splitlines():
        label, cells = line.split("|")
        values = [None if c == "-" else Decimal(c) if "." in c else int(c) for c in cells.split()]
        rows.append([label.strip(), *values])
    return rows


# Team, then PN0 ... PN7, Not recorded, Total, each as 2024/25 then 2023/24.
EXPECTED_BY_TEAM = table("""
    North        | 0 0 1 1 0 0 0 0 0 0 0 0 1 0 0 1 0 0 2 2
    South        | 0 - 0 - 1 - 0 - 0 - 0 - 0 - 1 - 0 - 2 -
    Not recorded | 0 - 0 - 0 - 0 - 0 - 0 - 0 - 0 - 1 - 1 -
    East         | - 1 - 0 - 0 - 0 - 0 - 0 - 0 - 0 - 0 - 1
    Total        | 0 1 1 1 1 0 0 0 0 0 0 0 1 0 1 1 1 0 5 3
""")

# Label, then the number 2024/25 and 2023/24, then the % 2024/25 and 2023/24.
EXPECTED_VENUE = table("""
    Office       | 1 2  20.0  66.7
    Placement    | 1 1  20.0  33.3
    School       | 1 0  20.0   0.0
    Virtual      | 1 0  20.0   0.0
    Other        | 0 0   0.0   0.0
    Not recorded | 1 0  20.0   0.0
    Total        | 5 3 100.0 100.0
""")

EXPECTED_CONTACT = table("""
    Same day as review            | 1 1  20.0  33.3
    Within 1 week of review       | 1 0  20.0   0.0
    Within 1 month of review      | 1 0  20.0   0.0
    Within 3 months of review     | 1 0  20.0   0.0
    Over 3 months since last seen | 0 1   0.0  33.3
    Not recorded                  | 1 1  20.0  33.3
    Total                         | 5 3 100.0 100.0
""")


ABSENT = {
    "only-IRO": "SECRETONLYIRO",
    "no consent": "NOTCONSENTED",
    "urgent": "URGENTWORDS",
    "not sent": "UNSENTWORDS",
    "last year": "LASTYEARWORDS",
}


def _pairs(rows):
    """Expected rows as (label, this, last, this, last, ...): the order the pack uses."""
    return [list(row) for row in rows]


def test_tables_put_last_year_beside_this_year(years):
    pack = build_pack(2024)
    assert (pack.this_label, pack.last_label) == (THIS, LAST)
    assert (pack.date_from, pack.date_to) == (date(2024, 4, 1), date(2025, 3, 31))

    by_team = _table(pack, "participation-by-team")
    assert by_team.columns[:5] == [
        "Team",
        f"PN0 {THIS}",
        f"PN0 {LAST}",
        f"PN1 {THIS}",
        f"PN1 {LAST}",
    ]
    assert by_team.columns[-2:] == [f"Total {THIS}", f"Total {LAST}"]
    # East closed before this year: its row stays, with this year's cells empty, before Total.
    assert by_team.rows == _pairs(EXPECTED_BY_TEAM)

    venue = _table(pack, "venue")
    assert venue.columns == ["Venue", f"Number {THIS}", f"Number {LAST}", f"% {THIS}", f"% {LAST}"]
    assert venue.rows == _pairs(EXPECTED_VENUE)
    assert _table(pack, "iro-contact").rows == _pairs(EXPECTED_CONTACT)

    summary = {row[0]: row[1:] for row in _table(pack, "participation-summary").rows}
    assert summary["Reviews"] == [5, 3]
    # 3 of 4 coded PN1 to PN7 this year; 1 of 2 last year.
    assert summary["Participation rate %"] == [Decimal("75.0"), Decimal("50.0")]


def test_every_registered_report_is_in_the_pack(years, monkeypatch):
    from app.domain.reports import registry as reports

    def dump_extra(date_from, date_to):
        return reports.Report("extra", "An extra table", date_from, date_to, ["Thing", "Number"])

    monkeypatch.setitem(reports.REPORTS, "extra", dump_extra)
    names = [table.name for table in build_pack(2024).tables]
    assert names == [name for name in reports.REPORTS if name not in reports.ROW_LEVEL]
    assert "extra" in names


def test_the_pack_lists_no_child(years):
    """A board paper of counts: the 903 and SSD returns (a row per child) stay out of it."""
    pack = build_pack(2024)
    names = {table.name for table in pack.tables}
    assert not names & {"903-reviews", "ssd-cla-reviews"}
    cells = {str(cell) for table in pack.tables for row in table.rows for cell in row}
    refs = {child.child_ref for child in db.session.execute(db.select(Child)).scalars()}
    assert refs and not refs & cells


def test_quotes_only_from_sent_consenting_booklets_without_names(years):
    pack = build_pack(2024)
    texts = sorted(quote.text for quote in pack.quotes)
    assert texts == sorted(
        [
            "I like living here with [name]'s cat, and [name] listens to [name] properly",
            QUOTE_EZRA,
        ]
    )
    assert {quote.question for quote in pack.quotes} == {
        "My house of good things",
        "My house of worries",
    }
    # The same data always gives the same choice, and the limit holds.
    assert build_pack(2024).quotes == pack.quotes
    assert len(build_pack(2024, quote_limit=1).quotes) == 1
    # Last year's words belong to last year's pack.
    assert [q.text for q in build_pack(2023).quotes] == ["LASTYEARWORDS from before"]


def test_anonymise_removes_names_emails_and_numbers():
    text = anonymise(
        "sam patel said ring 07700 900123 or mail sam@example.org, Samantha stays",
        ["Sam Patel", None, ""],
    )
    assert text == "[name] said ring [number] or mail [name], Samantha stays"


def test_charts_are_svg_with_the_rates_as_text(years):
    pack = build_pack(2024)
    charts = {chart.name: chart for chart in pack.charts}
    assert {"participation-by-team", "venue", "iro-contact"} <= set(charts)
    root = ET.fromstring(charts["participation-by-team"].svg.encode())
    assert root.tag.endswith("svg")
    words = " ".join("".join(node.itertext()) for node in root.iter() if node.tag.endswith("text"))
    for expected in ("North", "South", "Total", THIS, LAST, "Participation rate by team"):
        assert expected in words
    # North: 2 of 2 took part this year (100), 1 of 2 last year (50); Total 3 of 4 this year.
    assert re.search(r"\b100\b", words) and re.search(r"\b50\b", words)
    assert re.search(r"\b75\b", words)


def test_workbook_has_contents_and_a_sheet_per_table(years):
    pack = build_pack(2024)
    book = load_workbook(io.BytesIO(to_xlsx(pack)))
    assert book.sheetnames[0] == "Contents"
    assert book.sheetnames[1:] == [t.name for t in pack.tables] + ["Quotes", "Charts"]
    assert book["Contents"]["A1"].value == "Annual report pack 2024/25"
    venue = book["venue"]
    assert venue.freeze_panes == "B2"
    assert all(cell.font.bold for cell in venue[1])
    rows = [list(r) for r in venue.iter_rows(values_only=True)]
    assert rows[0] == ["Venue", f"Number {THIS}", f"Number {LAST}", f"% {THIS}", f"% {LAST}"]
    assert rows[1:] == [[label, a, b, float(c), float(d)] for label, a, b, c, d in EXPECTED_VENUE]
    by_team = [list(r) for r in book["participation-by-team"].iter_rows(values_only=True)]
    assert by_team[1:] == _pairs(EXPECTED_BY_TEAM)
    quotes = [r[0] for r in book["Quotes"].iter_rows(min_row=2, values_only=True)]
    assert QUOTE_EZRA in quotes


def test_workbook_holds_words_with_control_characters(years):
    # A child's words pasted on a phone can carry characters the XLSX format cannot hold.
    pack = build_pack(2024)
    pack.quotes = [Quote("I like\x0bmy school\x01", "What is good?")]
    book = load_workbook(io.BytesIO(to_xlsx(pack)))
    assert book["Quotes"]["A2"].value == "I likemy school"


def test_pdf_reads_back_with_quotes_and_without_what_must_not_be_there(years):
    text = pdf_text(to_pdf(build_pack(2024)))
    assert "Annual report pack 2024/25" in text
    assert "North" in text and "2023/24" in text
    assert "Football club on Saturdays" in text
    assert "[name]" in text
    for why, marker in ABSENT.items():
        assert marker not in text, why
    # The children's names are nowhere (the IRO's may be, in the booklets table, not in a quote).
    for name in ("Alexandra", "Lexi", "Ezra", "SAM Patel listens"):
        assert name not in text


def test_page_for_a_manager(client, auth, years, manager):
    auth.login("manager@example.org")
    response = client.get("/managers/pack?year=2024")
    assert response.status_code == 200
    page, html = response.page, response.get_data(as_text=True)
    assert "Annual report pack 2024/25" in text_of(page)
    assert page.select_one('img[src^="data:image/svg+xml;base64,"]')
    # The strict CSP would block inline styles and scripts: the page has none.
    assert not page.select("[style], script")
    assert QUOTE_EZRA in text_of(page) and "NOTCONSENTED" not in html
    assert page.select_one('a[href="/managers/pack.pdf?year=2024"]')
    assert page.select_one('a[href="/managers/pack.xlsx?year=2024"]')


def test_page_without_a_year_shows_the_last_ended_year(client, auth, years, manager):
    auth.login("manager@example.org")
    html = client.get("/managers/pack").get_data(as_text=True)
    assert f"Annual report pack {year_label(default_year(TODAY))}" in html


def test_bad_year_is_a_plain_400(client, auth, years, manager):
    auth.login("manager@example.org")
    for year in ("abc", "1800"):
        response = client.get(f"/managers/pack?year={year}")
        assert response.status_code == 400
        assert "Choose a financial year from the list" in response.get_data(as_text=True)
    assert client.get("/managers/pack.pdf?year=abc").status_code == 400


def test_downloads(client, auth, years, manager):
    auth.login("manager@example.org")
    xlsx = client.get("/managers/pack.xlsx?year=2024")
    assert xlsx.status_code == 200
    assert "annual-pack-2024.xlsx" in xlsx.headers["Content-Disposition"]
    assert load_workbook(io.BytesIO(xlsx.data)).sheetnames[0] == "Contents"
    pdf = client.get("/managers/pack.pdf?year=2024")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Annual report pack" in PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()


def test_an_iro_cannot_see_the_pack(client, auth, years):
    auth.login()
    for path in ("/managers/pack?year=2024", "/managers/pack.xlsx", "/managers/pack.pdf"):
        assert client.get(path).status_code == 403


def test_command_writes_a_workbook(runner, years, tmp_path):
    out = tmp_path / "pack.xlsx"
    result = runner.invoke(args=["pack", "--year", "2024", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["Contents"]["A1"].value == "Annual report pack 2024/25"
    bad = runner.invoke(args=["pack", "--year", "2024", "--out", str(tmp_path / "pack.doc")])
    assert bad.exit_code == 2 and ".pdf or .xlsx" in bad.output
    nowhere = tmp_path / "no such folder" / "pack.xlsx"
    bad = runner.invoke(args=["pack", "--year", "2024", "--out", str(nowhere)])
    assert bad.exit_code != 0 and isinstance(bad.exception, SystemExit)  # not a traceback
    assert "no such folder" in bad.output


def test_publishable_pack_hides_small_counts(years):
    pack = build_pack(2024, publishable=True)
    venue = {row[0]: row for row in _table(pack, "venue").rows}
    # Office: 1 this year and 2 last year could identify a child; 0 stays 0.
    assert venue["Office"][1:3] == ["<5", "<5"]
    assert venue["Other"][1:3] == [0, 0]
    assert pack.charts  # hidden figures draw no bar, and nothing breaks


def test_leading_text_columns_stay_labels(years):
    booklets = _table(build_pack(2024), "booklets")
    assert booklets.label_columns == ["Group", "Name"]
    assert booklets.groups[0] == "Invited"
    # A board paper does not name staff: no IRO rows in the pack, only in the report itself.
    assert {row[0] for row in booklets.rows} == {"Team", "Band", "Language", "Total"}
    iro_rows = [row for row in reports.run("booklets", *year_range(2024)).rows if row[0] == "IRO"]
    # One IRO row: this year's booklets were made for Sam Patel's children.
    assert [row[:2] for row in iro_rows] == [["IRO", "Sam Patel"]]


def test_reading_answers_aside_gives_the_same_pack_as_reading_in_turn(file_app, monkeypatch):
    load_years()
    readers = []
    read = report_frames.read_answer_counts

    def spy(*args, **kwargs):
        readers.append(threading.current_thread().name)
        return read(*args, **kwargs)

    monkeypatch.setattr(report_frames, "read_answer_counts", spy)
    assert report_frames.can_read_ahead()
    aside = build_pack(2024)
    assert readers and all(name.startswith("report-read-ahead") for name in readers)

    readers.clear()
    monkeypatch.setattr(report_frames, "can_read_ahead", lambda: False)
    in_turn = build_pack(2024)
    assert readers == [threading.current_thread().name]

    assert [table.rows for table in aside.tables] == [table.rows for table in in_turn.tables]
    assert aside.quotes == in_turn.quotes and aside.quotes
    assert _table(aside, "faces").rows  # the answers were there to count


def test_nothing_is_read_aside_that_another_connection_could_not_see(file_app):
    assert report_frames.can_read_ahead()
    db.session.add(Team(name="Not yet saved"))
    assert not report_frames.can_read_ahead()
    db.session.rollback()
