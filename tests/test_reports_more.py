"""The reports beyond the contract's four: every cell from a dataset worked out by hand.

The dataset (range 2024-04-01 to 2024-06-30):

- K1 (North, IRO Ann Iro, looked after 2024-01-02): reviews 2024-01-25 and 2024-04-20 (due by
  2024-04-25, on time). Booklet A (middle v1, en) sent 10 days before; an older link, stopped.
  "After" booklet E: score 8.
- K2 (South, Bob Iro, looked-after date unknown): review 2024-05-10, the first: not known.
  Booklet B (middle v1, pl) opened, not sent, with answers that must not count. After F: 3.
  A carer's booklet, not counted.
- K3 (North, no IRO, looked after 2024-03-01, so due by 2024-04-02 after Easter): review
  2024-05-01, late. Booklet C (middle, en) never opened; booklet I (little, three faces) sent
  3 days before. After H: 10, never sent.
- K4 (IRO Ann Iro): reviews 2024-01-10 "subsequent" (so its due date is not known) and
  2024-06-15 with no team, due 6 months later, on time. Booklet D (middle v2, where the venue
  question is renamed and home_feel reworded) sent 3 days before. After G: rather not say.
- K5: review 2024-07-01, the day after the range, with a sent booklet and score: not counted.
"""

import copy
import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import yaml
from openpyxl import load_workbook

from app.domain.booklets.definitions import BOOKLET_DIR, latest_version
from app.domain.reports.registry import (
    DESCRIPTIONS,
    REPORTS,
    TITLES,
    Report,
    run,
    suppress,
    to_xlsx,
)
from app.extensions import db
from app.models import Answer, BookletVersion, Child, Invitation, Review, Team
from tests.factories import csv_rows, make_user, one_page_booklet, report_csv, text_of

FROM, TO = "2024-04-01", "2024-06-30"
START, END = date(2024, 4, 1), date(2024, 6, 30)
MIDDLE_V2_HOME = "How do you feel about your home?"
LITTLE = one_page_booklet(
    "little",
    [{"key": "feel", "kind": "faces3", "label": "How do you feel?"}],
    # Above any bundled little.yaml version: this test needs its own definition.
    version=100,
    title="My Say for little ones",
    audience="child",
    page={"key": "me"},
)


def _version(definition: dict) -> BookletVersion:
    version = BookletVersion(
        slug=definition["slug"], version=definition["version"], definition=definition
    )
    db.session.add(version)
    return version


def _middle_v2() -> dict:
    data = copy.deepcopy(yaml.safe_load((BOOKLET_DIR / "middle.yaml").read_text()))
    data["version"] += 1
    for page in data["pages"]:
        for q in page["questions"]:
            if q["key"] == "review_where":
                q["key"] = "where_review"
            if q["key"] == "home_feel":
                q["label"] = MIDDLE_V2_HOME
    return data


class Maker:
    def __init__(self):
        self.n = 0

    def invite(self, review, version, answers=(), respondent="child", language="en", **when):
        self.n += 1
        invitation = Invitation(
            review=review,
            booklet_version=version,
            respondent=respondent,
            language=language,
            token_hash=f"token{self.n}",
            code_hash=f"code{self.n}",
            **when,
        )
        db.session.add(invitation)
        db.session.flush()
        for key, value in answers:
            db.session.add(
                Answer(
                    invitation_id=invitation.id,
                    booklet_version_id=version.id,
                    question_key=key,
                    value=value,
                )
            )
        return invitation


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T10:00:00")


@pytest.fixture
def dataset(app):
    ann = make_user(email="ann@example.org", name="Ann Iro")
    bob = make_user(email="bob@example.org", name="Bob Iro")
    north = db.session.execute(db.select(Team).filter_by(name="North")).scalar_one()
    south = Team(name="South")
    middle = latest_version("middle")
    middle2 = _version(_middle_v2())
    little = _version(LITTLE)
    after = latest_version("after")

    def child(ref, iro, looked_after_on=None):
        c = Child(child_ref=ref, date_of_birth=date(2014, 1, 1), iro=iro)
        c.looked_after_on = looked_after_on
        db.session.add(c)
        return c

    def review(c, day, team, review_type=None):
        r = Review(child=c, review_date=date.fromisoformat(day), team=team)
        r.review_type = review_type
        db.session.add(r)
        return r

    k1 = child("K1", ann, date(2024, 1, 2))
    review(k1, "2024-01-25", north, "initial")
    r1 = review(k1, "2024-04-20", north, "second")
    k2 = child("K2", bob)
    r2 = review(k2, "2024-05-10", south)
    k3 = child("K3", None, date(2024, 3, 1))
    r3 = review(k3, "2024-05-01", north)
    k4 = child("K4", ann)
    review(k4, "2024-01-10", north, "subsequent")
    r4 = review(k4, "2024-06-15", None)
    k5 = child("K5", bob)
    r5 = review(k5, "2024-07-01", south)
    db.session.flush()

    make = Maker()
    make.invite(r1, middle, [("home_feel", "sad")], revoked_at=at("2024-03-20"))
    k1 = {"home_feel": "very_happy", "school_feel": "rather_not_say", "review_where": "home"}
    k1 |= {"review_chair": "yes", "review_advocate": "no", "iro_alone": "yes"}
    make.invite(r1, middle, k1.items(), opened_at=at("2024-04-05"), submitted_at=at("2024-04-10"))
    make.invite(
        r2,
        middle,
        [("home_feel", "ok"), ("review_where", "video"), ("review_chair", "yes")],
        language="pl",
        opened_at=at("2024-05-01"),
    )
    make.invite(
        r2, middle, [("home_feel", "ok")], respondent="carer", submitted_at=at("2024-05-02")
    )
    make.invite(r3, middle)
    make.invite(r3, little, [("feel", "happy")], submitted_at=at("2024-04-28"))
    k4 = {"home_feel": "sad", "family_time_feel": "ok", "where_review": "school"}
    k4 |= {"review_chair": "not_sure", "review_advocate": "yes", "iro_alone": "rather_not_say"}
    make.invite(r4, middle2, k4.items(), opened_at=at("2024-06-11"), submitted_at=at("2024-06-12"))
    make.invite(
        r5, middle, [("home_feel", "happy"), ("review_chair", "yes")], submitted_at=at("2024-06-28")
    )
    make.invite(r1, after, [("review_score", 8)], submitted_at=at("2024-04-22"))
    make.invite(r2, after, [("review_score", 3)], submitted_at=at("2024-05-12"))
    make.invite(r4, after, [("review_score", "rather_not_say")], submitted_at=at("2024-06-16"))
    make.invite(r3, after, [("review_score", 10)], opened_at=at("2024-05-02"))
    make.invite(r5, after, [("review_score", 5)], submitted_at=at("2024-07-02"))
    db.session.commit()


EXPECTED = {
    "timeliness": csv_rows("""
        Team,Reviews,On time,Late,Not known,% on time (of known)
        North,2,1,1,0,50.0
        South,1,0,0,1,
        Not recorded,1,1,0,0,100.0
        Total,4,2,1,1,66.7
    """),
    "booklets": csv_rows("""
        Group,Name,Invited,Opened,Sent,Completion %,Median days sent before review
        Team,North,3,2,2,66.7,6.5
        Team,South,1,1,0,0.0,
        Team,Not recorded,1,1,1,100.0,3.0
        IRO,Ann Iro,2,2,2,100.0,6.5
        IRO,Bob Iro,1,1,0,0.0,
        IRO,Not recorded,2,1,1,50.0,3.0
        Band,little,1,1,1,100.0,3.0
        Band,middle,4,3,2,50.0,6.5
        Language,en,4,3,3,75.0,3.0
        Language,pl,1,1,0,0.0,
        Total,,5,4,3,60.0,3.0
    """),
    "feedback": csv_rows("""
        Score,Number,%
        0,0,0.0
        1,0,0.0
        2,0,0.0
        3,1,50.0
        4,0,0.0
        5,0,0.0
        6,0,0.0
        7,0,0.0
        8,1,50.0
        9,0,0.0
        10,0,0.0
        Total,2,100.0
        Mean,5.5,
    """),
    "faces": csv_rows(f"""
        Booklet,Question,Wording,Period,Very happy,Happy,OK,Sad,Very sad,Rather not say,Total
        little,feel,How do you feel?,2024-05,,1,0,0,,0,1
        middle,home_feel,{MIDDLE_V2_HOME},2024-04,1,0,0,0,0,0,1
        middle,home_feel,{MIDDLE_V2_HOME},2024-06,0,0,0,1,0,0,1
        middle,family_time_feel,How do you feel about the time you spend with your family?,2024-06,0,0,1,0,0,0,1
        middle,school_feel,How do you feel about school?,2024-04,0,0,0,0,0,1,1
    """),
    "requests": csv_rows("""
        Measure,Number,% of booklets sent
        Booklets sent,3,100.0
        Asked to chair,1,33.3
        Asked for an advocate,1,33.3
        Asked to see the IRO alone first,1,33.3
        Venue: Home,1,33.3
        Venue: School,1,33.3
        Venue: Office,0,0.0
        Venue: Video,0,0.0
        Venue: Somewhere else,0,0.0
    """),
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_cell_of_every_new_report(runner, dataset, name):
    assert report_csv(runner, name, "--from", FROM, "--to", TO) == EXPECTED[name]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_new_reports_with_nothing_in_range_have_empty_percentages(runner, dataset, name):
    rows = report_csv(runner, name, "--from", "2030-01-01", "--to", "2030-12-31")
    assert rows[0] == EXPECTED[name][0]
    for row in rows[1:]:
        assert all(cell in ("", "0") for cell in row[1:]), row


def test_xlsx_reopens_with_the_same_cells(dataset, tmp_path):
    report = run("booklets", START, END)
    sheet = load_workbook(io.BytesIO(to_xlsx(report))).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == EXPECTED["booklets"][0]
    assert values[1] == ["Team", "North", 3, 2, 2, 66.7, 6.5]
    assert values[2] == ["Team", "South", 1, 1, 0, 0.0, None]
    assert sheet["F2"].number_format == "0.0"
    assert len(values) == len(EXPECTED["booklets"])


def test_publishable_hides_small_counts_and_what_is_worked_out_from_them(runner, dataset):
    rows = report_csv(runner, "requests", "--from", FROM, "--to", TO, "--publishable")
    assert rows[1:] == [
        ["Booklets sent", "<5", "<5"],
        ["Asked to chair", "<5", "<5"],
        ["Asked for an advocate", "<5", "<5"],
        ["Asked to see the IRO alone first", "<5", "<5"],
        ["Venue: Home", "<5", "<5"],
        ["Venue: School", "<5", "<5"],
        ["Venue: Office", "0", "0.0"],
        ["Venue: Video", "0", "0.0"],
        ["Venue: Somewhere else", "0", "0.0"],
    ]
    rows = report_csv(runner, "feedback", "--from", FROM, "--to", TO, "--publishable")
    assert rows[4] == ["3", "<5", "<5"]
    assert rows[1] == ["0", "0", "0.0"]
    assert rows[-2:] == [["Total", "<5", "<5"], ["Mean", "<5", ""]]


def test_suppression_rules():
    report = Report(
        "test",
        "Test",
        START,
        END,
        ["Name", "A", "B", "% A", "% B"],
        [
            ["five", 5, 4, Decimal("55.6"), Decimal("44.4")],
            ["none", 0, 12, Decimal("0.0"), Decimal("100.0")],
            ["rate", None, None, Decimal("75.0"), None],
            ["Total", 5, 16, Decimal("23.8"), Decimal("76.2")],
        ],
        numerators={3: 1, 4: 2},
        bases={2: 4},
    )
    published = suppress(report)
    assert published.rows == [
        ["five", 5, "<5", Decimal("55.6"), "<5"],
        ["none", 0, 12, Decimal("0.0"), Decimal("100.0")],
        ["rate", None, None, "<5", None],
        ["Total", 5, 16, Decimal("23.8"), Decimal("76.2")],
    ]
    assert report.rows[0][2] == 4  # the original is untouched
    assert published.filename_stem == "test_2024-04-01_2024-06-30_publishable"
    # Without a base, a figure with no count beside it is hidden when any count is.
    report.bases = {}
    assert suppress(report).rows[2][3] == "<5"
    report.rows[0][2] = 5
    assert suppress(report).rows[2][3] == Decimal("75.0")


def test_participation_rate_is_hidden_when_few_reviews_are_coded(app):
    north = Team(name="Tiny")
    c = Child(child_ref="T1", date_of_birth=date(2012, 1, 1))
    db.session.add_all([north, c])
    for day, code in (("2024-04-02", "PN1"), ("2024-05-02", "PN7"), ("2024-06-02", None)):
        db.session.add(
            Review(child=c, review_date=date.fromisoformat(day), participation_code=code)
        )
    db.session.commit()
    published = run("participation-summary", START, END, publishable=True)
    assert published.rows[-1] == ["Participation rate %", "<5"]
    assert run("participation-summary", START, END).rows[-1][1] == Decimal("50.0")


def test_contract_reports_unchanged_unless_publishable(runner, dataset):
    plain = report_csv(runner, "venue", "--from", FROM, "--to", TO)
    assert plain[-1] == ["Total", "4", "100.0"]
    published = report_csv(runner, "venue", "--from", FROM, "--to", TO, "--publishable")
    assert published[-1] == ["Total", "<5", "<5"]
    assert published[1] == ["Office", "0", "0.0"]


# The managers' page


def test_managers_page_lists_every_report_with_what_it_shows(signed_in_manager):
    page = signed_in_manager.get("/managers/").page
    choices = {option["value"] for option in page.select('select[name="report"] option')}
    assert set(REPORTS) <= choices
    for name in REPORTS:
        assert f"({name})" in text_of(page)
        assert " ".join(str(DESCRIPTIONS[name]).split()) in text_of(page)
    assert page.select_one('[name="publishable"]')
    assert set(TITLES) == set(REPORTS) == set(DESCRIPTIONS)


def test_publishable_download_from_the_page(signed_in_manager, dataset):
    query = {
        "report": "timeliness",
        "date_from": FROM,
        "date_to": TO,
        "publishable": "y",
        "action": "download",
    }
    response = signed_in_manager.get("/managers/", query_string=query)
    assert response.status_code == 200
    assert (
        'filename="timeliness_2024-04-01_2024-06-30_publishable.csv"'
        in (response.headers["Content-Disposition"])
    )
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert rows[1] == ["North", "<5", "<5", "<5", "0", "<5"]
    assert rows[2] == ["South", "<5", "0", "0", "<5", ""]
    shown = signed_in_manager.get("/managers/", query_string=query | {"action": "show"})
    assert "Publishable version" in shown.get_data(as_text=True)
