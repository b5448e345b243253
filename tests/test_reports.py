"""The annual report tables: every cell, the writers, the command and the managers' page.

The expected tables below were worked out by hand from tests/data/reviews_year.csv.
"""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.domain.imports.reader import import_reviews
from app.domain.reports.registry import REPORTS, to_csv, to_xlsx
from app.domain.reviews.participation import financial_year, participation_rate, percent
from tests.clock import TEST_DATE as TODAY
from tests.factories import csv_rows, report_csv, text_of

YEAR = Path(__file__).parent / "data" / "reviews_year.csv"
FROM, TO = "2023-04-01", "2024-03-31"

EXPECTED = {
    "participation-by-team": csv_rows("""
        Team,PN0,PN1,PN2,PN3,PN4,PN5,PN6,PN7,Not recorded,Total
        '=SUM(1+1),0,0,0,0,1,0,0,0,0,1
        North,1,1,0,0,0,1,1,0,0,4
        South,0,0,1,0,0,0,0,2,1,4
        Not recorded,0,0,0,1,0,0,0,0,0,1
        Total,1,1,1,1,1,1,1,2,1,10
    """),
    "participation-summary": csv_rows("""
        Measure,Value
        Reviews,10
        PN0,1
        PN1 to PN6,6
        PN7,2
        Not recorded,1
        Participation rate %,75.0
    """),
    "venue": csv_rows("""
        Venue,Number,%
        Office,3,30.0
        Placement,2,20.0
        School,2,20.0
        Virtual,1,10.0
        Other,1,10.0
        Not recorded,1,10.0
        Total,10,100.0
    """),
    "iro-contact": csv_rows("""
        Last seen by IRO,Number,%
        Same day as review,1,10.0
        Within 1 week of review,2,20.0
        Within 1 month of review,3,30.0
        Within 3 months of review,1,10.0
        Over 3 months since last seen,2,20.0
        Not recorded,1,10.0
        Total,10,100.0
    """),
}


@pytest.fixture
def year(app):
    result = import_reviews(YEAR.read_bytes())
    assert result.ok, result.errors


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_cell_of_every_report(runner, year, name):
    # Range ends are included: reviews on 2023-04-01 and 2024-03-31 count, the day either side not.
    assert report_csv(runner, name, "--from", FROM, "--to", TO) == EXPECTED[name]


def test_range_is_inclusive_at_both_ends(runner, year):
    def reviews(date_from, date_to):
        rows = report_csv(runner, "participation-summary", "--from", date_from, "--to", date_to)
        return rows[1][1]

    assert reviews("2023-04-01", "2023-04-01") == "1"
    assert reviews("2024-03-31", "2024-03-31") == "1"
    assert reviews("2023-03-31", "2024-04-01") == "12"
    assert reviews("2023-04-02", "2024-03-30") == "8"


def test_no_reviews_leaves_percentages_empty(runner, year):
    summary = report_csv(
        runner, "participation-summary", "--from", "2030-01-01", "--to", "2030-12-31"
    )
    assert summary[1:] == [
        ["Reviews", "0"],
        ["PN0", "0"],
        ["PN1 to PN6", "0"],
        ["PN7", "0"],
        ["Not recorded", "0"],
        ["Participation rate %", ""],
    ]
    venue = report_csv(runner, "venue", "--from", "2030-01-01", "--to", "2030-12-31")
    assert [row[1:] for row in venue[1:]] == [["0", ""]] * 7
    by_team = report_csv(
        runner, "participation-by-team", "--from", "2030-01-01", "--to", "2030-12-31"
    )
    assert by_team[1:] == [["Total"] + ["0"] * 10]


def test_warwickshire_participation_rate(app):
    # Warwickshire 2022/23: 1,295 of 1,426 reviews coded PN1 to PN7 were PN1 to PN6: 90.8%.
    # PN0 and uncoded reviews are added to show they are left out of both sides.
    codes = ["PN1"] * 700 + ["PN6"] * 595 + ["PN7"] * 131 + ["PN0"] * 40 + [""] * 9
    lines = ["child_ref,date_of_birth,review_date,participation_code"] + [
        f"W{i},2010-01-01,2022-{4 + i % 9:02d}-{1 + i % 28:02d},{code}"
        for i, code in enumerate(codes)
    ]
    assert import_reviews(("\n".join(lines) + "\n").encode()).ok
    report = REPORTS["participation-summary"](date(2022, 4, 1), date(2023, 3, 31))
    assert report.rows == [
        ["Reviews", 1475],
        ["PN0", 40],
        ["PN1 to PN6", 1295],
        ["PN7", 131],
        ["Not recorded", 9],
        ["Participation rate %", Decimal("90.8")],
    ]


def test_percentages_round_half_up():
    assert percent(1, 16) == Decimal("6.3")  # 6.25: Python's round() would give 6.2
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 0) is None
    assert participation_rate({"PN0": 5}) is None
    assert participation_rate({"PN1": 1, "PN7": 15, "PN0": 99}) == Decimal("6.3")


def test_financial_year():
    assert financial_year(date(2024, 3, 31)) == (date(2023, 4, 1), date(2024, 3, 31))
    assert financial_year(date(2024, 4, 1)) == (date(2024, 4, 1), date(2025, 3, 31))


def test_csv_file_has_byte_order_mark_and_stdout_has_none(runner, year, tmp_path):
    out = tmp_path / "venue.csv"
    result = runner.invoke(args=["report", "venue", "--from", FROM, "--to", TO, "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == EXPECTED["venue"]
    stdout = runner.invoke(args=["report", "venue", "--from", FROM, "--to", TO]).stdout
    assert stdout.startswith("Venue,Number,%")


def test_xlsx_has_frozen_bold_header_and_real_numbers(runner, year, tmp_path):
    out = tmp_path / "by-team.xlsx"
    result = runner.invoke(
        args=["report", "participation-by-team", "--from", FROM, "--to", TO]
        + ["--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out).active
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    expected = [EXPECTED["participation-by-team"][0]] + [
        [row[0].removeprefix("'"), *map(int, row[1:])]
        for row in EXPECTED["participation-by-team"][1:]
    ]
    assert rows == expected
    # A team called "=SUM(1+1)" stays text: Excel must not run it as a formula.
    assert sheet["A2"].data_type == "s"
    assert sheet.column_dimensions["A"].width >= len("Not recorded")


def test_xlsx_percentages_are_numbers(year):
    report = REPORTS["venue"](date(2023, 4, 1), date(2024, 3, 31))
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    assert [row for row in sheet.iter_rows(min_row=2, max_row=2, values_only=True)] == [
        ("Office", 3, 30.0)
    ]
    assert sheet["C2"].number_format == "0.0"


def test_csv_neutralises_formulas(year):
    report = REPORTS["participation-by-team"](date(2023, 4, 1), date(2024, 3, 31))
    for text in ("=1+1", "+1", "-1", "@SUM(A1)"):
        report.rows[0][0] = text
        first = list(csv.reader(io.StringIO(to_csv(report))))[1][0]
        assert first == "'" + text
    report.rows[0][0] = "North"
    assert list(csv.reader(io.StringIO(to_csv(report))))[1][0] == "North"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["venue", "--from", "2024-03-31", "--to", "2023-04-01"], "--from date is after"),
        (["nonsense", "--from", FROM, "--to", TO], "participation-by-team, participation-summary"),
        (["venue", "--from", FROM, "--to", TO, "--format", "xlsx"], "needs a file"),
        (["venue", "--from", "2023-02-30", "--to", TO], "2023-02-30"),
    ],
)
def test_report_command_refuses_bad_requests(runner, app, args, message):
    result = runner.invoke(args=["report", *args])
    assert result.exit_code != 0
    assert message in result.output


# The managers' page


def test_page_offers_the_current_financial_year(signed_in_manager):
    page = signed_in_manager.get("/managers/").page
    start, end = financial_year(TODAY)
    assert page.select_one('input[name="date_from"]')["value"] == start.isoformat()
    assert page.select_one('input[name="date_to"]')["value"] == end.isoformat()


def test_page_shows_a_report_as_a_table(signed_in_manager, year):
    response = signed_in_manager.get(
        "/managers/", query_string={"report": "venue", "date_from": FROM, "date_to": TO}
    )
    assert response.status_code == 200
    rows = {text_of(row.th): text_of(row) for row in response.page.select("tbody tr")}
    assert rows["Placement"] == "Placement 2 20.0"


def test_download_csv_and_xlsx(signed_in_manager, year):
    query = {"report": "participation-by-team", "date_from": FROM, "date_to": TO}
    response = signed_in_manager.get("/managers/", query_string=query | {"action": "download"})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        'filename="participation-by-team_2023-04-01_2024-03-31.csv"'
        in response.headers["Content-Disposition"]
    )
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == EXPECTED["participation-by-team"]

    response = signed_in_manager.get(
        "/managers/", query_string=query | {"action": "download", "format": "xlsx"}
    )
    assert response.headers["Content-Disposition"].endswith('_2024-03-31.xlsx"')
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    assert sheet["K6"].value == 10


def test_from_after_to_is_a_form_error(signed_in_manager):
    response = signed_in_manager.get(
        "/managers/",
        query_string={"report": "venue", "date_from": TO, "date_to": FROM, "action": "download"},
    )
    assert response.status_code == 400
    assert "must be the same as or after" in response.get_data(as_text=True)


def test_a_date_that_is_not_real_is_a_form_error(signed_in_manager):
    response = signed_in_manager.get(
        "/managers/", query_string={"report": "venue", "date_from": "2023-02-30", "date_to": TO}
    )
    assert response.status_code == 400
    assert "Enter a real date, like 2024-03-31" in response.get_data(as_text=True)


def test_iro_cannot_see_reports(client, auth, iro):
    auth.login()
    response = client.get(
        "/managers/",
        query_string={"report": "venue", "date_from": FROM, "date_to": TO, "action": "download"},
    )
    assert response.status_code == 403
