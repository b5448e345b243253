"""A manager brings in a 903 Reviews file with a conflict, and maps another extract, in Chromium,
as a manager clicks through it (issue 14)."""

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Review, Role
from tests.a11y import assert_no_axe_violations_as_shown
from tests.factories import PASSWORD, make_user
from tests.import_formats_helpers import REVIEWS, csv_903

pytestmark = pytest.mark.browser


@pytest.fixture
def live(file_app, live_server, tmp_path):
    file_app.config["PENDING_IMPORT_DIR"] = str(tmp_path / "pending")
    make_user(email="boss@example.org", name="Pat Boss", role=Role.MANAGER)
    path = tmp_path / "903_reviews.csv"
    path.write_bytes(
        csv_903(extra_lines=["C1,01/01/2012,01/04/2023,PN1", "C3,03/03/2010,01/06/2023,PN4"])
    )
    return live_server, path


def test_903_upload_with_a_conflict_and_a_mapping(browser, live):
    server, path = live
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.url}/staff/sign-in")
    page.get_by_label("Email address").fill("boss@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{server.url}/managers/")
    page.get_by_label("Review records file").set_input_files(str(path))
    assert_no_axe_violations_as_shown(page)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    assert_no_axe_violations_as_shown(page)
    expect(page.locator("#import-layout")).to_have_text("903 Reviews file, 8 rows, 1 duplicate")
    expect(page.locator("#conflicts")).to_contain_text("C3, review on 2023-06-01: lines 5, 9")
    page.get_by_role("button", name="Leave out the review with conflicting rows").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review records imported")
    expect(
        page.get_by_text("As you chose, 1 review with conflicting rows was left out")
    ).to_be_visible()
    assert db.session.execute(db.select(db.func.count(Review.id))).scalar_one() == len(REVIEWS) - 1

    page.goto(f"{server.url}/managers/mappings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import mappings")
    assert_no_axe_violations_as_shown(page)
    page.goto(f"{server.url}/managers/by-hand")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a review by hand")
    assert_no_axe_violations_as_shown(page)
    page.get_by_role("link", name="Record a placement move").click()
    page.get_by_label("Child's case number").fill("C1")
    page.get_by_role("button", name="Save the placement move").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a placement move")
    expect(page.locator(".error-summary")).to_contain_text("Start date is empty")
    assert_no_axe_violations_as_shown(page)
    page.goto(f"{server.url}/managers/by-hand/iro")
    page.get_by_role("button", name="Change the IRO").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose the child's new IRO")
    assert_no_axe_violations_as_shown(page)
    page.goto(f"{server.url}/managers/reconcile")
    page.get_by_label("903 file").set_input_files(str(path))
    page.get_by_role("button", name="Compare").click()
    # The review the file gives two codes (left out of the import above) is the one listed.
    expect(page.get_by_role("heading", level=2, name="1 review differs")).to_be_visible()
    assert_no_axe_violations_as_shown(page)
    context.close()
