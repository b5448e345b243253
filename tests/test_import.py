"""Importing review records: the public CSV contract, all or nothing, idempotent."""

import io
from datetime import date
from pathlib import Path

import pytest

from app.domain.imports.reader import import_reviews
from app.extensions import db
from app.models import Child, Review, Role, Team
from app.models.jobs import BackgroundJob
from tests.factories import PASSWORD, make_user, text_of

DATA = Path(__file__).parent / "data"
YEAR = DATA / "reviews_year.csv"
BAD = DATA / "reviews_bad.csv"
HEADER = "child_ref,date_of_birth,team,review_date,participation_code,venue,child_last_seen_by_iro"


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def snapshot():
    """Everything an import can write, in a comparable shape."""
    reviews = db.session.execute(
        db.select(
            Child.child_ref,
            Review.review_date,
            Review.review_type,
            Team.name,
            Review.venue,
            Review.participation_code,
            Review.child_last_seen_by_iro,
        )
        .join(Child, Review.child_id == Child.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .order_by(Child.child_ref, Review.review_date)
    ).all()
    children = db.session.execute(
        db.select(Child.child_ref, Child.first_name, Child.date_of_birth, Child.team_id).order_by(
            Child.child_ref
        )
    ).all()
    teams = db.session.execute(db.select(Team.name).order_by(Team.name)).scalars().all()
    return reviews, children, teams


def count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def test_cli_imports_every_row_and_warns_about_unknown_columns(runner):
    result = runner.invoke(args=["import-reviews", str(YEAR)])
    assert result.exit_code == 0, result.output
    assert "Imported 12 rows: 12 new reviews, 0 updated, 0 unchanged." in result.stdout
    assert "not read: source_system." in result.stdout
    assert (count(Review), count(Child), count(Team)) == (12, 8, 4)

    c1 = db.session.execute(db.select(Child).filter_by(child_ref="C1")).scalar_one()
    assert c1.first_name == "Amira" and c1.date_of_birth == date(2012, 1, 1)
    second = next(r for r in c1.reviews if r.review_date == date(2023, 10, 1))
    # Lower case and surrounding spaces are accepted; codes are stored upper, venues lower.
    assert second.participation_code == "PN6"
    assert second.venue == "placement"
    assert second.child_last_seen_by_iro == date(2023, 9, 24)
    assert second.review_type == "subsequent"
    assert second.team.name == "North"


def test_second_import_changes_nothing(runner):
    runner.invoke(args=["import-reviews", str(YEAR)])
    before = snapshot()
    result = runner.invoke(args=["import-reviews", str(YEAR)])
    assert result.exit_code == 0
    assert "Imported 12 rows: 0 new reviews, 0 updated, 12 unchanged." in result.stdout
    assert "Children: 0 new, 0 updated. Teams: 0 new." in result.stdout
    assert snapshot() == before


def test_an_exact_copy_of_a_row_is_imported_once_and_counted(runner, tmp_path):
    """shared/domain.md: rows that are exact copies of another are imported once and counted."""
    lines = YEAR.read_text(encoding="utf-8").splitlines()
    copied = tmp_path / "copied.csv"
    copied.write_text("\n".join([*lines, lines[1], lines[3], lines[1]]) + "\n", encoding="utf-8")
    result = runner.invoke(args=["import-reviews", str(copied)])
    assert result.exit_code == 0, result.output
    assert "Imported 15 rows: 12 new reviews, 0 updated, 0 unchanged." in result.stdout
    assert "3 rows were the same as another and were skipped." in result.stdout
    assert count(Review) == 12


def test_two_different_rows_for_one_review_stop_the_import_unless_left_out(runner, tmp_path):
    lines = YEAR.read_text(encoding="utf-8").splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    code = header.index("participation_code")
    other = list(first)
    other[code] = "PN0" if first[code].strip().upper() != "PN0" else "PN1"
    clash = tmp_path / "clash.csv"
    clash.write_text("\n".join([*lines, ",".join(other)]) + "\n", encoding="utf-8")
    refused = runner.invoke(args=["import-reviews", str(clash)])
    assert refused.exit_code == 1
    assert f"lines 2 and {len(lines) + 1}:" in refused.stderr
    assert count(Review) == 0
    left_out = runner.invoke(args=["import-reviews", str(clash), "--skip-conflicts"])
    assert left_out.exit_code == 0, left_out.output
    assert count(Review) == 11


def test_changed_row_is_updated_and_empty_cells_keep_what_is_stored(app):
    rows = [
        "A1,2012-01-01,North,2023-05-01,PN1,office,2023-05-01",
        "A2,2013-01-01,North,2023-05-02,PN7,school,2023-04-01",
    ]
    first = import_reviews(csv_bytes(HEADER, *rows))
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    # A code changed: updated. Empty cells: the stored values stay, so unchanged.
    rows = [rows[0].replace("PN1", "PN6"), "A2,2013-01-01,,2023-05-02,,,"]
    again = import_reviews(csv_bytes(HEADER, *rows))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 1)
    rows = snapshot()[0]
    assert rows == [
        ("A1", date(2023, 5, 1), None, "North", "office", "PN6", date(2023, 5, 1)),
        ("A2", date(2023, 5, 2), None, "North", "school", "PN7", date(2023, 4, 1)),
    ]


def test_child_details_follow_the_latest_review_and_each_review_keeps_its_team(app):
    import_reviews(
        csv_bytes(
            "child_ref,date_of_birth,review_date,team,first_name,preferred_name,language",
            "K1,2012-01-01,2024-01-10,South,Katarzyna,Kasia,pl",
            "K1,2012-01-01,2023-06-10,North,Kate,,",
        )
    )
    child = db.session.execute(db.select(Child).filter_by(child_ref="K1")).scalar_one()
    assert (child.team.name, child.first_name, child.preferred_name, child.language) == (
        "South",
        "Katarzyna",
        "Kasia",
        "pl",
    )
    assert [(r.review_date.year, r.team.name) for r in child.reviews] == [
        (2023, "North"),
        (2024, "South"),
    ]
    # An older extract imported later must not move the child back to an old team.
    result = import_reviews(
        csv_bytes("child_ref,date_of_birth,review_date,team", "K1,2012-01-01,2023-01-05,East")
    )
    assert result.created == 1 and result.children_updated == 0
    db.session.expire_all()
    assert child.team.name == "South"


def test_iro_email_links_the_child_to_a_member_of_staff(app):
    iro = make_user(email="Sam.Patel@example.org", role=Role.IRO)
    result = import_reviews(
        csv_bytes(
            "child_ref,date_of_birth,review_date,iro_email",
            "P1,2012-01-01,2024-01-10,sam.patel@EXAMPLE.org",
        )
    )
    assert result.ok, result.errors
    child = db.session.execute(db.select(Child).filter_by(child_ref="P1")).scalar_one()
    assert child.iro_id == iro.id


def test_bad_rows_import_nothing_and_every_problem_has_its_line(runner):
    result = runner.invoke(args=["import-reviews", str(BAD)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "line 3: review_date '2023-02-30' is not a real date in the form YYYY-MM-DD",
        "line 3: participation_code 'PN8' is not one of PN0 to PN7",
        "line 3: venue 'car' is not one of office, placement, school, virtual, other",
        "line 4: child_ref is empty",
        "line 6: date_of_birth '2012-13-01' is not a real date in the form YYYY-MM-DD",
        "line 6: child_last_seen_by_iro 2023-06-02 is after review_date 2023-06-01",
        "line 8: iro_email 'nobody@example.org' does not belong to anyone who can sign in to My Say",
        "line 9: date_of_birth 2012-01-02 does not match 2012-01-01 given for the same child_ref "
        "on line 2",
        "lines 2 and 7: child_ref X1 has different records for the same review on 2023-05-01 "
        "(PN1, PN2); correct the file, or leave this review out and import the rest",
        "To import the rest and leave those reviews out, add --skip-conflicts.",
        "Nothing was imported.",
    ]
    assert (count(Review), count(Child), count(Team)) == (0, 0, 0)


def test_a_bad_file_leaves_earlier_imports_untouched(runner):
    runner.invoke(args=["import-reviews", str(YEAR)])
    before = snapshot()
    result = import_reviews(
        csv_bytes(HEADER, "C1,2012-01-01,West,2023-04-01,PN7,school,", "C9,2012-01-01,,bad,,,")
    )
    assert result.errors == ["line 3: review_date 'bad' is not a real date in the form YYYY-MM-DD"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\n", "The file is empty."),
        (csv_bytes(HEADER), "The file has a header row but no reviews under it."),
        (
            csv_bytes("child_ref,team,review_date", "A1,North,2023-05-01"),
            "The header row has no column named date_of_birth.",
        ),
        (
            csv_bytes("ref,dob", "A1,2012-01-01"),
            "The header row has no column named child_ref, date_of_birth, review_date.",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not a CSV file"),
        (
            csv_bytes(
                "child_ref,date_of_birth,review_date,team,team", "A1,2012-01-01,2023-05-01,N,N"
            ),
            "The column team appears twice in the header row.",
        ),
    ],
)
def test_files_that_cannot_be_read_say_why(app, data, message):
    result = import_reviews(data)
    assert not result.ok
    assert any(message in error for error in result.errors), result.errors
    assert count(Review) == 0


def test_byte_order_mark_and_crlf_are_accepted(app):
    data = "\ufeff" + HEADER.upper() + "\r\nB1,2012-01-01,North,2023-05-01,PN1,office,\r\n"
    result = import_reviews(data.encode("utf-8"))
    assert result.ok, result.errors
    assert result.created == 1 and result.unknown_columns == []


def test_extra_values_on_a_row_are_an_error(app):
    result = import_reviews(
        csv_bytes("child_ref,date_of_birth,review_date", "A1,2012-01-01,2023-05-01,Smith, Jo")
    )
    assert result.errors == [
        "line 2: has 2 more values than the header row has columns "
        "(is there a comma in a name without quote marks?)"
    ]


def test_a_large_file_imports_whole_and_again_changes_nothing(app):
    # How fast is measured by bench/ (a timed test fails on a busy machine, not on slow code).
    lines = [HEADER] + [
        f"R{i},2012-01-01,Team {i % 7},2023-{1 + i % 12:02d}-{1 + i % 28:02d},PN{i % 8},office,"
        for i in range(20_000)
    ]
    result = import_reviews(csv_bytes(*lines))
    assert result.ok and result.created == 20_000
    again = import_reviews(csv_bytes(*lines))
    assert again.unchanged == 20_000


# The upload page


def upload(client, data: bytes, name="reviews.csv"):
    return client.post(
        "/managers/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


@pytest.fixture
def waiting(app):
    """Ids of the uploaded files kept in the database waiting for a manager's confirmation."""

    def ids() -> list[str]:
        db.session.expire_all()
        return list(
            db.session.scalars(
                db.select(BackgroundJob.id).where(
                    BackgroundJob.kind == "import-preview", BackgroundJob.payload.is_not(None)
                )
            )
        )

    return ids


def confirm(client):
    return client.post("/managers/import/confirm")


def figures(response) -> dict[str, str]:
    """The counts a preview or result page gives, by what they count."""
    return {text_of(dt): text_of(dt.find_next_sibling("dd")) for dt in response.page.select("dt")}


def test_manager_uploads_a_file_and_sees_the_counts(client, auth, manager, waiting):
    auth.login(email="manager@example.org")
    response = upload(client, YEAR.read_bytes())
    assert response.status_code == 200
    assert "Check the import" in response.get_data(as_text=True)
    assert count(Review) == 0
    done = text_of(confirm(client))
    assert "Review records imported" in done
    assert "source_system" in done
    assert count(Review) == 12
    upload(client, YEAR.read_bytes())
    again = figures(confirm(client))
    assert (again["Reviews unchanged"], again["New reviews"]) == ("12", "0")


def test_preview_shows_counts_rows_and_unknown_columns_and_writes_nothing(
    client, auth, manager, waiting
):
    auth.login(email="manager@example.org")
    import_reviews(csv_bytes(HEADER, "C1,2012-01-01,North,2023-04-01,PN1,office,"))
    before = snapshot()
    lines = [HEADER + ",source_system", "C1,2012-01-01,North,2023-04-01,PN1,office,,x"]
    lines.append("C1,2012-01-01,North,2023-10-01,PN6,school,2023-09-24,x")
    lines += [f"N{n:02},2014-02-02,East,2023-05-{n:02},PN7,,,x" for n in range(1, 25)]
    response = upload(client, csv_bytes(*lines))
    assert response.status_code == 200
    assert snapshot() == before
    shown = figures(response)
    assert shown["Rows read"] == "26"
    assert shown["New reviews"] == "25"
    assert shown["Reviews unchanged"] == "1"
    assert shown["New children"] == "24"
    assert shown["New teams"] == "1"
    words = text_of(response)
    assert "will not be read: source_system" in words
    assert "The first 20 rows of 26" in words
    refs = [text_of(th) for th in response.page.select('tbody th[scope="row"]')]
    assert "N18" in refs and "N19" not in refs
    assert "Import these 26 rows" in words
    # The file waits on the server; the cookie holds only a random name for it.
    kept = waiting()
    assert len(kept) == 1
    with client.session_transaction() as session:
        assert session["pending_import"] == kept[0]
        assert "N01" not in str(dict(session))
    assert figures(confirm(client))["New reviews"] == "25"
    assert count(Review) == 26
    assert not waiting()
    # Confirming twice imports nothing twice: the file is gone.
    response = confirm(client)
    assert response.status_code == 410
    assert "no longer waiting" in response.get_data(as_text=True)
    assert count(Review) == 26


def test_preview_counts_updates(client, auth, manager, waiting):
    auth.login(email="manager@example.org")
    import_reviews(YEAR.read_bytes())
    changed = YEAR.read_text().replace(
        "C3,,2010-03-03,South,2023-06-01,PN7", "C3,,2010-03-03,South,2023-06-01,PN6"
    )
    shown = figures(upload(client, changed.encode()))
    assert (shown["Reviews updated"], shown["Reviews unchanged"]) == ("1", "11")
    assert (
        db.session.execute(
            db.select(Review.participation_code).where(Review.review_date == date(2023, 6, 1))
        ).scalar_one()
        == "PN7"
    )


def test_cancel_forgets_the_file(client, auth, manager, waiting):
    auth.login(email="manager@example.org")
    upload(client, YEAR.read_bytes())
    response = client.post("/managers/import/cancel")
    assert response.status_code == 302
    assert not waiting()
    assert confirm(client).status_code == 410
    assert count(Review) == 0


def test_a_new_upload_replaces_the_waiting_file(client, auth, manager, waiting):
    auth.login(email="manager@example.org")
    upload(client, YEAR.read_bytes())
    upload(client, csv_bytes(HEADER, "Z1,2012-01-01,North,2023-04-01,PN1,office,"))
    assert len(waiting()) == 1
    confirm(client)
    assert count(Review) == 1


def test_another_manager_cannot_confirm_my_file(app, client, auth, manager, waiting):
    auth.login(email="manager@example.org")
    upload(client, YEAR.read_bytes())
    make_user(email="other@example.org", role=Role.MANAGER, name="Other Manager")
    other = app.test_client()
    other.post("/staff/sign-in", data={"email": "other@example.org", "password": PASSWORD})
    assert other.post("/managers/import/confirm").status_code == 410
    assert count(Review) == 0


def test_upload_with_bad_rows_lists_them_and_imports_nothing(client, auth, manager, waiting):
    auth.login(email="manager@example.org")
    response = upload(client, BAD.read_bytes())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Nothing was imported" in page
    assert "line 4: child_ref is empty" in page
    assert "line 9: date_of_birth 2012-01-02 does not match" in page
    assert count(Review) == 0
    assert not waiting()
    assert confirm(client).status_code == 410


def test_upload_without_a_file_is_a_form_error(client, auth, manager):
    auth.login(email="manager@example.org")
    response = client.post("/managers/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file of review records to import" in response.get_data(as_text=True)


def test_iro_cannot_import(client, auth, iro):
    auth.login()
    assert upload(client, YEAR.read_bytes()).status_code == 403
    assert confirm(client).status_code == 403
    assert client.get("/managers/").status_code == 403
    assert count(Review) == 0


def test_managers_page_needs_sign_in(client):
    response = client.get("/managers/")
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


def test_a_preview_counts_exactly_what_the_import_then_does_and_writes_nothing(app, iro):
    import_reviews(
        csv_bytes(
            HEADER,
            "C-1,2012-01-01,North,2024-04-01,PN1,office,",
            "C-2,2013-02-02,North,2024-04-02,PN2,,",
        )
    )
    db.session.commit()
    before = snapshot()
    # A new team, a child who moves to it, a new child, a changed review, an unchanged one,
    # and a venue left empty that must keep what is stored.
    data = (
        b"child_ref,date_of_birth,team,review_date,participation_code,venue,first_name\n"
        b"C-1,2012-01-01,North,2024-04-01,PN1,,\n"
        b"C-2,2013-02-02,Ridgeway,2024-09-02,PN4,school,Sam\n"
        b"C-2,2013-02-02,North,2024-04-02,PN3,,\n"
        b"C-3,2014-03-03,Ridgeway,2024-05-05,,,Alex\n"
    )
    counted = import_reviews(data, dry_run=True)
    assert counted.ok, counted.errors
    assert snapshot() == before
    done = import_reviews(data)
    assert done.ok, done.errors
    fields = ("rows", "created", "updated", "unchanged")
    fields += ("children_created", "children_updated", "teams_created")
    assert [getattr(counted, f) for f in fields] == [getattr(done, f) for f in fields]
    assert [getattr(done, f) for f in fields] == [4, 2, 1, 1, 1, 1, 1]
