"""The IRO's reading page, the caseload and the annual pack in Chromium on a laptop screen
(1366×768), checked with axe (issue 15)."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Child, Review, Role, Team, User
from tests.a11y import assert_no_axe_violations
from tests.browser import LAPTOP
from tests.clock import TEST_DATE as TODAY
from tests.factories import PASSWORD, make_user
from tests.pack_helpers import load_years
from tests.reading_page_helpers import TEEN, _sent

pytestmark = pytest.mark.browser

RAW_PLACEHOLDER = re.compile(r"\{[A-Za-z_]+\}")


@pytest.fixture
def live(file_app, live_server):
    """An IRO whose child sent two teen booklets for next week's review; a manager; a year of
    reviews for the pack."""
    load_years()  # Sam Patel, iro@example.org, and the pack's reviews
    iro = db.session.execute(db.select(User).filter_by(email="iro@example.org")).scalar_one()
    make_user(email="boss@example.org", name="Pat Boss", role=Role.MANAGER)
    child = Child(
        child_ref="T-9",
        preferred_name="Kai",
        date_of_birth=TODAY - timedelta(days=14 * 365 + 30),
        team=Team(name="Reading team"),
        iro=iro,
    )
    review = Review(child=child, review_date=TODAY + timedelta(days=7))
    db.session.add_all([child, review])
    db.session.commit()
    _sent(review, "teen", TEEN, only_iro={"review_private"})
    _sent(review, "teen", {"home_feel": "sad", "home_change": "More time with Nana Jo"})
    return live_server, review.id


def _sign_in(browser, base_url: str, email: str):
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    page.goto(f"{base_url}/staff/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def test_reading_page_and_caseload(browser, live):
    server, review_id = live
    context, page = _sign_in(browser, server.url, "iro@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("My children")
    # The counts agree: the list of booklets waiting and the filter say the same number.
    waiting = page.locator("#waiting h2").inner_text()
    count = int(waiting.split()[0])
    expect(page.get_by_role("link", name=f"Booklets to read ({count})")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Kai").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review for Kai")
    assert not RAW_PLACEHOLDER.findall(page.content())
    # Two booklets, two regions with different names.
    regions = page.locator("section.reading")
    expect(regions).to_have_count(2)
    names = [regions.nth(i).get_attribute("aria-label") for i in range(2)]
    assert names[0] != names[1]
    # Answers come before the outcome; the outcome waits for the review day.
    answers_top = page.locator("#answers").bounding_box()["y"]
    assert answers_top < page.locator("#outcome").bounding_box()["y"]
    expect(page.get_by_role("link", name="Record the outcome")).to_have_count(0)
    assert_no_axe_violations(page)

    # One save for every answer's themes.
    expect(page.get_by_role("button", name="Save all themes")).to_have_count(1)
    page.get_by_role("button", name="Save all themes").click()
    expect(page.get_by_text(re.compile(r"Themes saved for \d+ answers"))).to_be_visible()
    assert page.locator(".tag-theme-suggested").count() == 0
    context.close()


def test_pack_page(browser, live):
    server, _review_id = live
    context, page = _sign_in(browser, server.url, "boss@example.org")
    page.goto(f"{server.url}/managers/")
    page.get_by_role("link", name="The annual report pack").click()
    page.get_by_label("Financial year").select_option("2024")
    page.get_by_label("Hide numbers from 1 to 4, for a paper that will be published").check()
    page.get_by_role("button", name="Show this year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report pack 2024/25")
    # Wide tables scroll inside a region a keyboard can reach.
    page.keyboard.press("Tab")
    assert page.locator(".table-scroll[tabindex='0'][aria-label]").count() >= 10
    assert_no_axe_violations(page)
    context.close()
