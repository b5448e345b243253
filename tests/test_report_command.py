"""The report command as a council would run it: files imported through `import-reviews`, the
report read back as CSV or opened with openpyxl, and what it says when asked for the impossible."""

import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from tests.factories import report_csv

HEADER = "child_ref,date_of_birth,team,review_date,participation_code,venue,child_last_seen_by_iro"


def _import(runner, tmp_path, lines: list[str], name: str = "reviews.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-reviews", str(path)])
    assert result.exit_code == 0, result.output
    return path


def _by_label(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows[1:]}


# Days between the IRO's last visit and the review, at each edge of the contract's bands.
BAND_EDGES = [
    (0, "Same day as review"),
    (1, "Within 1 week of review"),
    (7, "Within 1 week of review"),
    (8, "Within 1 month of review"),
    (31, "Within 1 month of review"),
    (32, "Within 3 months of review"),
    (92, "Within 3 months of review"),
    (93, "Over 3 months since last seen"),
]


def test_iro_contact_bands_at_their_edges(runner, tmp_path):
    review = date(2024, 3, 1)  # 29 February lies inside the counted days
    lines = [
        f"E{days},2012-05-05,North,{review},PN1,office,{review - timedelta(days=days)}"
        for days, _ in BAND_EDGES
    ]
    _import(runner, tmp_path, lines)
    rows = _by_label(
        report_csv(runner, "iro-contact", "--from", "2024-03-01", "--to", "2024-03-01")
    )
    for label in {label for _, label in BAND_EDGES}:
        expected = sum(1 for _, band in BAND_EDGES if band == label)
        assert rows[label][0] == str(expected), label
    assert rows["Not recorded"][0] == "0"
    assert rows["Total"] == [str(len(BAND_EDGES)), "100.0"]


def test_range_edges_odd_team_names_and_a_file_imported_twice(runner, tmp_path):
    teams = ["Leaving Care, 16+", 'The "Hub"', "Équipe Zoë", "=1+2"]
    lines = [
        # The day before and the day after the range do not count.
        f"OUT1,2010-01-01,{csv_cell(teams[0])},2024-03-31,PN1,office,",
        f"OUT2,2010-01-01,{csv_cell(teams[0])},2025-04-01,PN1,office,",
        f"IN1,2010-01-01,{csv_cell(teams[0])},2024-04-01,PN7,office,",
        f"IN2,2010-01-01,{csv_cell(teams[1])},2025-03-31,PN6,school,",
        f"IN3,2010-01-01,{csv_cell(teams[2])},2024-09-09,PN0,virtual,",
        f"IN4,2010-01-01,{csv_cell(teams[3])},2024-10-10,,other,",
        "IN5,2010-01-01,,2024-11-11,PN2,,",
    ]
    path = _import(runner, tmp_path, lines)
    assert runner.invoke(args=["import-reviews", str(path)]).exit_code == 0

    rows = report_csv(runner, "participation-by-team", "--from", "2024-04-01", "--to", "2025-03-31")
    by_team = _by_label(rows)
    columns = rows[0][1:]

    def cells(label: str) -> dict[str, str]:
        return dict(zip(columns, by_team[label], strict=True))

    assert cells(teams[0])["PN7"] == "1" and cells(teams[0])["Total"] == "1"
    assert cells(teams[1])["PN6"] == "1"
    assert cells(teams[2])["PN0"] == "1"
    # A name that would start a formula keeps its figures in the CSV (and its name, marked).
    assert cells("'" + teams[3])["Not recorded"] == "1"
    assert cells("Not recorded")["PN2"] == "1"
    assert cells("Total")["Total"] == "5"
    assert [row[0] for row in rows[-2:]] == ["Not recorded", "Total"]

    summary = _by_label(
        report_csv(runner, "participation-summary", "--from", "2024-04-01", "--to", "2025-03-31")
    )
    # PN1 to PN6 (2) of PN1 to PN7 (3): PN0 and the uncoded review are left out of both sides.
    assert summary["Participation rate %"] == ["66.7"]
    assert summary["Reviews"] == ["5"]


def csv_cell(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([text])
    return out.getvalue()


def test_half_way_percentages_round_up_in_the_file(runner, tmp_path):
    # 1 of 2,000 is 0.05% and 245 of 2,000 is 12.25%: councils' spreadsheets round half up
    # (0.1 and 12.3); Python's round() would give 0.0 and 12.2.
    venues = ["school"] + ["office"] * 245 + ["placement"] * 1754
    lines = [
        f"H{i},2010-01-01,North,2024-0{4 + i % 6}-{1 + i % 28:02d},PN1,{venue},"
        for i, venue in enumerate(venues)
    ]
    _import(runner, tmp_path, lines)
    rows = _by_label(report_csv(runner, "venue", "--from", "2024-04-01", "--to", "2025-03-31"))
    assert rows["School"] == ["1", "0.1"]
    assert rows["Office"] == ["245", "12.3"]
    assert rows["Placement"] == ["1754", "87.7"]
    assert rows["Total"] == ["2000", "100.0"]


def test_a_folder_that_does_not_exist_is_said_plainly(runner, app, tmp_path):
    missing = tmp_path / "no such folder" / "venue.csv"
    result = runner.invoke(
        args=["report", "venue", "--from", "2024-04-01", "--to", "2025-03-31", "--out", missing]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # not a traceback
    assert "no such folder" in result.output


@pytest.mark.parametrize("day", ["2024-02-30", "01/04/2024", "yesterday"])
def test_a_date_that_is_not_one_is_said_in_plain_words(runner, app, day):
    result = runner.invoke(args=["report", "venue", "--from", day, "--to", "2025-03-31"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)
    assert day in result.output
    assert "YYYY-MM-DD" in result.output
    assert "%Y" not in result.output


def test_out_ending_xlsx_writes_a_workbook(runner, tmp_path):
    _import(runner, tmp_path, ["W1,2010-01-01,North,2024-05-05,PN1,office,2024-05-01"])
    out = tmp_path / "venue.xlsx"
    result = runner.invoke(
        args=["report", "venue", "--from", "2024-04-01", "--to", "2025-03-31", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[1] == ("Office", 1, 100.0)


def test_a_team_name_with_a_control_character_still_makes_a_workbook(
    runner, signed_in_manager, tmp_path
):
    # Case-system exports carry stray control characters; Excel's format cannot hold them.
    _import(runner, tmp_path, ["K1,2010-01-01,North\x01East,2024-05-05,PN1,office,"])
    out = tmp_path / "by-team.xlsx"
    args = ["report", "participation-by-team", "--from", "2024-04-01", "--to", "2025-03-31"]
    result = runner.invoke(args=[*args, "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).active["A2"].value == "NorthEast"

    query = {
        "report": "participation-by-team",
        "date_from": "2024-04-01",
        "date_to": "2025-03-31",
        "action": "download",
        "format": "xlsx",
    }
    response = signed_in_manager.get("/managers/", query_string=query)
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.get_data())).active["B2"].value == 0


def test_a_team_called_not_recorded_is_the_not_recorded_row(runner, tmp_path):
    # Some case-system extracts write "Not recorded" where no team is recorded: one row, not two
    # rows with the same label.
    lines = [
        "N1,2010-01-01,Not recorded,2024-05-05,PN1,office,",
        "N2,2010-01-01,,2024-05-06,PN7,office,",
        "N3,2010-01-01,North,2024-05-07,PN1,office,",
    ]
    _import(runner, tmp_path, lines)
    for name in ("participation-by-team", "timeliness"):
        rows = report_csv(runner, name, "--from", "2024-04-01", "--to", "2025-03-31")
        labels = [row[0] for row in rows[1:]]
        assert labels == ["North", "Not recorded", "Total"], name
        assert rows[2][rows[0].index("Reviews" if name == "timeliness" else "Total")] == "2"
