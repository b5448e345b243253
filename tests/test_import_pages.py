"""The managers' pages for the council's own files: preview, conflicts, mappings, reconciliation."""

import io

import pytest

from app.domain.imports.reader import import_reviews
from app.extensions import db
from app.models import Review
from app.models.audit import AuditEvent
from tests.factories import text_of
from tests.import_formats_helpers import REVIEWS, csv_903, ssd_files


@pytest.fixture
def pending_dir(app, tmp_path):
    app.config["PENDING_IMPORT_DIR"] = str(tmp_path / "pending")
    return tmp_path / "pending"


def count(model) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(model)).scalar_one()


def upload(client, data: bytes, name="reviews.csv", more=(), mapping=""):
    files = {"file": (io.BytesIO(data), name), "mapping": mapping}
    if more:
        files["more"] = [(io.BytesIO(extra), f"extra{i}.csv") for i, extra in enumerate(more)]
    return client.post("/managers/import", data=files, content_type="multipart/form-data")


def test_903_preview_names_the_layout_and_lets_the_manager_leave_conflicts_out(
    client, auth, manager, pending_dir
):
    auth.login(email="manager@example.org")
    data = csv_903(extra_lines=["C1,01/01/2012,01/04/2023,PN1", "C3,03/03/2010,01/06/2023,PN4"])
    preview = upload(client, data)
    assert preview.status_code == 200
    words = text_of(preview)
    assert "903 Reviews file, 8 rows, 1 duplicate" in words
    assert "C3, review on 2023-06-01: lines 5, 9 (PN7, PN4)" in words
    assert count(Review) == 0
    button = preview.page.select_one('button[name="skip_conflicts"]')
    assert "Leave out the review with conflicting rows and import the rest" in text_of(button)
    done = client.post("/managers/import/confirm", data={"skip_conflicts": "yes"})
    assert done.status_code == 200
    assert "As you chose, 1 review with conflicting rows was left out: C3 2023-06-01" in text_of(
        done
    )
    assert count(Review) == len(REVIEWS) - 1
    event = db.session.execute(
        db.select(AuditEvent).filter_by(action="import-skipped-conflicts")
    ).scalar_one()
    assert event.user_email == "manager@example.org"


def test_confirming_without_the_choice_imports_nothing(client, auth, manager, pending_dir):
    auth.login(email="manager@example.org")
    upload(client, csv_903(extra_lines=["C3,03/03/2010,01/06/2023,PN4"]))
    refused = client.post("/managers/import/confirm")
    assert refused.status_code == 400
    assert "lines 5 and 8: CHILD C3 has different records" in text_of(refused)
    assert count(Review) == 0


def test_ssd_tables_upload_together(client, auth, manager, pending_dir):
    auth.login(email="manager@example.org")
    reviews, person, episodes = ssd_files()
    preview = upload(client, episodes, more=[reviews, person])
    assert preview.status_code == 200, text_of(preview)
    assert "Standard Safeguarding Dataset reviews" in text_of(preview)
    done = client.post("/managers/import/confirm")
    assert done.status_code == 200
    assert count(Review) == len(REVIEWS)


def test_a_mapping_is_saved_once_and_used_for_an_upload(client, auth, manager, pending_dir):
    auth.login(email="manager@example.org")
    page = client.get("/managers/mappings")
    assert page.status_code == 200
    form = {
        "name": "lcs",
        "child_ref": "Client ID",
        "date_of_birth": "DoB",
        "review_date": "Review Held",
        "participation_code": "Participation",
        "venue": "Where",
        "dates": "dmy",
        "codes": "Spoke = PN1\nSent views = pn6",
        "venues": "Foster home = somewhere",
        "teams": "",
    }
    bad = client.post("/managers/mappings", data=form)
    assert bad.status_code == 400
    assert "Foster home = somewhere: a venue must be one of office" in text_of(bad)
    form["venues"] = "Foster home = placement"
    saved = client.post("/managers/mappings", data=form, follow_redirects=True)
    assert "Mapping lcs saved." in text_of(saved)
    assert "Client ID → child_ref" in text_of(saved)
    extract = (
        b"Client ID,DoB,Review Held,Participation,Where\n"
        b"A1,01/01/2012,01/04/2023,Spoke,Foster home\n"
        b"A2,02/02/2013,02/04/2023,Sent views,\n"
    )
    preview = upload(client, extract, mapping="lcs")
    assert preview.status_code == 200, text_of(preview)
    assert "Extract read with the mapping lcs, 2 rows" in text_of(preview)
    assert client.post("/managers/import/confirm", data={"mapping": "lcs"}).status_code == 200
    stored = db.session.execute(
        db.select(Review.participation_code, Review.venue).order_by(Review.review_date)
    ).all()
    assert [tuple(row) for row in stored] == [("PN1", "placement"), ("PN6", None)]


def test_reconciliation_page_lists_differences(client, auth, manager):
    auth.login(email="manager@example.org")
    upload_and_import = csv_903()
    assert import_reviews(upload_and_import).ok
    changed = upload_and_import.replace(b"01/10/2023,PN6", b"01/10/2023,PN2")
    page = client.post(
        "/managers/reconcile",
        data={"file": (io.BytesIO(changed), "903.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 200
    cells = [text_of(td) for td in page.page.select("tbody tr")]
    assert cells == ["3 C1 01/10/2023 PN2 PN6"]


def test_a_review_by_hand_goes_through_the_import_checks(client, auth, manager, iro):
    auth.login(email="manager@example.org")
    assert client.get("/managers/by-hand").status_code == 200
    form = {
        "child_ref": "H1",
        "date_of_birth": "2013-02-30",
        "review_date": "2023-05-05",
        "participation_code": "PN1",
        "venue": "school",
        "team": "North",
        "iro_email": iro.email,
    }
    bad = client.post("/managers/by-hand", data=form)
    assert bad.status_code == 400
    assert "Date of birth '2013-02-30' is not a real date in the form YYYY-MM-DD" in text_of(bad)
    assert count(Review) == 0
    form["date_of_birth"] = "2013-02-28"
    saved = client.post("/managers/by-hand", data=form, follow_redirects=True)
    assert "Saved: 1 new review, 0 updated, 0 unchanged." in text_of(saved)
    # The same review from a file later is the same review, updated.
    result = import_reviews(
        b"child_ref,date_of_birth,review_date,participation_code\nH1,2013-02-28,2023-05-05,PN6\n"
    )
    assert (result.created, result.updated) == (0, 1)
    review = db.session.execute(db.select(Review)).scalar_one()
    assert (review.participation_code, review.venue) == ("PN6", "school")
    assert review.child.iro_id == iro.id and review.child.team.name == "North"


def test_an_excel_workbook_with_only_a_header_says_so_and_changes_nothing(
    client, auth, manager, pending_dir
):
    from openpyxl import Workbook

    auth.login(email="manager@example.org")
    book = Workbook()
    book.active.append(["child_ref", "date_of_birth", "review_date", "participation_code"])
    saved = io.BytesIO()
    book.save(saved)
    response = upload(client, saved.getvalue(), name="reviews.xlsx")
    assert response.status_code == 400
    words = text_of(response)
    assert "Nothing was imported" in words
    assert "The file has a header row but no reviews under it." in words
    assert count(Review) == 0
