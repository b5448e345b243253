"""A real team called "Total" (as a case-system extract may write it) keeps its figures in a row
of its own that no reader can take for the grand total: the reports and the annual pack, from a
file imported as a council would import it."""

from datetime import datetime

from openpyxl import load_workbook

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Answer, Child, Review
from app.models.themes import AnswerTheme
from tests.factories import make_user, report_csv

HEADER = "child_ref,date_of_birth,team,review_date,participation_code,venue,child_last_seen_by_iro"
# The same team written three ways, a team with another name, and a review with no team.
LINES = [
    'T1,2012-01-01," Total ",2024-05-01,PN1,office,',
    "T2,2012-01-01,total,2024-06-01,PN7,school,",
    "T3,2012-01-01,Total,2024-07-01,PN3,school,",
    "N1,2012-01-01,North,2024-05-02,PN1,office,",
    "X1,2012-01-01,,2024-05-03,PN6,office,",
]
RANGE = ["--from", "2024-04-01", "--to", "2025-03-31"]
TEAM_ROW = "Total (team)"


def _import(runner, tmp_path, lines=LINES):
    path = tmp_path / "reviews.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-reviews", str(path)])
    assert result.exit_code == 0, result.output


def _sent_booklet(ref: str, theme: str) -> None:
    """A booklet the child sent for their review, with a theme confirmed on their words."""
    review = db.session.execute(db.select(Review).join(Child).filter_by(child_ref=ref)).scalar()
    version = latest_version("middle")
    invitation, _, _ = create(review, version)
    invitation.submitted_at = datetime(2024, 8, 1, 12)
    answer = Answer(
        invitation=invitation, question_key="q", value="words", booklet_version_id=version.id
    )
    answer.themes.append(AnswerTheme(theme=theme, status="confirmed", evidence=[]))
    db.session.add(answer)
    db.session.commit()


def _column(rows: list[list], header: str) -> int:
    return list(rows[0]).index(header)


def test_a_team_called_total_has_its_own_row_and_total_is_the_grand_total(runner, tmp_path):
    _import(runner, tmp_path)
    rows = report_csv(runner, "participation-by-team", *RANGE)
    assert [row[0] for row in rows[1:]] == ["North", TEAM_ROW, "Not recorded", "Total"]
    team, grand = rows[2], rows[4]
    total = _column(rows, "Total")
    assert [team[_column(rows, code)] for code in ("PN1", "PN3", "PN7")] == ["1", "1", "1"]
    assert team[total] == "3" and grand[total] == "5"

    out = tmp_path / "by-team.xlsx"
    result = runner.invoke(
        args=["report", "participation-by-team", *RANGE, "--format", "xlsx", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    sheet = [list(row) for row in load_workbook(out).active.iter_rows(values_only=True)]
    labels = [row[0] for row in sheet[1:]]
    assert labels == ["North", TEAM_ROW, "Not recorded", "Total"]
    assert sheet[2][total] == 3 and sheet[4][total] == 5

    timeliness = report_csv(runner, "timeliness", *RANGE)
    assert [row[0] for row in timeliness[1:]] == ["North", TEAM_ROW, "Not recorded", "Total"]
    reviews = _column(timeliness, "Reviews")
    assert timeliness[2][reviews] == "3" and timeliness[4][reviews] == "5"


def test_themes_and_booklets_by_team_keep_the_team_apart_from_the_total(runner, tmp_path):
    make_user()
    _import(runner, tmp_path)
    _sent_booklet("T1", "school")
    _sent_booklet("N1", "friends")
    rows = report_csv(runner, "themes-by-team", *RANGE)
    assert [row[0] for row in rows[1:]] == ["North", TEAM_ROW, "Total"]
    sent, school = _column(rows, "Children with a sent booklet"), _column(rows, "school")
    assert [rows[2][sent], rows[2][school]] == ["1", "1"]
    assert [rows[3][sent], rows[3][school]] == ["2", "1"]

    booklets = report_csv(runner, "booklets", *RANGE)
    teams = [row[1] for row in booklets[1:] if row[0] == "Team"]
    assert teams == ["North", TEAM_ROW]
    assert [row[0] for row in booklets[1:]].count("Total") == 1


def test_a_team_already_named_like_the_mark_is_not_merged_with_it(runner, tmp_path):
    _import(runner, tmp_path, [*LINES, "M1,2012-01-01,Total (team),2024-05-04,PN2,office,"])
    rows = report_csv(runner, "participation-by-team", *RANGE)
    labels = [row[0] for row in rows[1:]]
    assert labels == ["North", TEAM_ROW, f"{TEAM_ROW} (team)", "Not recorded", "Total"]
    total = _column(rows, "Total")
    assert [rows[2][total], rows[3][total], rows[5][total]] == ["1", "3", "6"]


def test_the_pack_workbook_keeps_the_team_and_the_total_apart(runner, tmp_path):
    make_user()
    _import(runner, tmp_path)
    _sent_booklet("T1", "school")
    out = tmp_path / "pack.xlsx"
    result = runner.invoke(args=["pack", "--year", "2024", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    for sheet, column, team, total in (
        ("participation-by-team", "Total", 3, 5),
        ("timeliness", "Reviews", 3, 5),
        ("themes-by-team", "Children with a sent booklet", 1, 1),
    ):
        rows = [list(row) for row in book[sheet].iter_rows(values_only=True)]
        labels = [row[0] for row in rows[1:]]
        assert labels.count("Total") == 1 and labels[-1] == "Total", sheet
        this_year = _column(rows, f"{column} 2024/25")
        assert rows[1 + labels.index(TEAM_ROW)][this_year] == team, sheet
        assert rows[-1][this_year] == total, sheet


def test_themes_by_team_counts_a_team_called_not_recorded_with_the_reviews_without_one(
    runner, tmp_path
):
    # As participation by team does: some extracts write "Not recorded" where there is no team.
    lines = [
        "R1,2012-01-01,Not recorded,2024-05-05,PN1,office,",
        "R2,2012-01-01,,2024-05-06,PN1,office,",
    ]
    _import(runner, tmp_path, lines)
    _sent_booklet("R1", "school")
    _sent_booklet("R2", "school")
    rows = report_csv(runner, "themes-by-team", *RANGE)
    assert [row[0] for row in rows[1:]] == ["Not recorded", "Total"]
    sent, school = _column(rows, "Children with a sent booklet"), _column(rows, "school")
    assert [rows[1][sent], rows[1][school]] == ["2", "2"]
