"""A job's page in Chromium, with JavaScript on and off: it shows the progress bar, then, once
the worker has done the job, the result, without the manager doing anything."""

import pytest
from playwright.sync_api import expect

from app.models import Role
from tests.factories import PASSWORD, make_user
from tests.jobs_helpers import REDIS_URL, redis_conn, work, year_of_rows

pytestmark = pytest.mark.browser


def signed_in_manager(browser, live_server, javascript: bool):
    """A manager signed in, in a desktop-sized window with JavaScript on or off."""
    make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/sign-in")
    page.get_by_label("Email address").fill("manager@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_import_page_shows_progress_then_the_preview_by_itself(
    browser, file_app, live_server, redis_conn, tmp_path, javascript
):
    file_app.config["REDIS_URL"] = REDIS_URL
    csv = tmp_path / "reviews.csv"
    csv.write_bytes(year_of_rows(500))
    context, page = signed_in_manager(browser, live_server, javascript)
    page.goto(f"{live_server.url}/managers/")
    page.locator('input[name="file"]').set_input_files(str(csv))
    page.get_by_role("button", name="Check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Checking your file")
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_role("link", name="Check again")).to_be_visible()

    with file_app.app_context():
        assert work(redis_conn) == 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import", timeout=15_000)
    expect(page.get_by_role("button", name="Import these 500 rows")).to_be_visible()
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_pack_page_shows_progress_then_offers_the_pdf_by_itself(
    browser, file_app, live_server, redis_conn, javascript
):
    from tests.pack_helpers import load_years

    file_app.config["REDIS_URL"] = REDIS_URL
    load_years()
    context, page = signed_in_manager(browser, live_server, javascript)
    page.goto(f"{live_server.url}/managers/pack.pdf?year=2024")

    expect(page.locator("main")).to_contain_text("Making the annual pack as a PDF")
    expect(page.locator("progress")).to_be_visible()
    download = page.get_by_role("link", name="Download annual-pack-2024.pdf")
    expect(download).to_have_count(0)

    with file_app.app_context():
        assert work(redis_conn) == 1
    expect(download).to_be_visible(timeout=15_000)
    expect(page.locator("progress")).to_have_count(0)
    response = context.request.get(live_server.url + download.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    context.close()
