"""How many taps a young person needs to reach the end, answering every question they are shown:
each page's "Save and go on", one tap an answer, and "Send my answers", counted as a phone user
taps them, on a 360×640 phone and a 1366×768 laptop, with axe on every page; then the IRO reads
what was sent (issue #15)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Invitation
from tests.a11y import assert_no_axe_violations
from tests.browser import LAPTOP, PHONE
from tests.factories import PASSWORD
from tests.tap_helpers import invite, invite_child, tap_and_wait

pytestmark = pytest.mark.browser

# Issue #15 asks for fewer than 30. Teen took 55 taps before version 3, 36 in version 3 and 29 in
# version 4 (four pages, the words for people in a fold left closed); moving on 45, then 29.
FEWER_THAN = 30
# Opening the fold and giving all three words for people: one tap to open, one a word.
NAMES_COST = 4
SCREENS = {"phone": PHONE, "laptop": {**LAPTOP, "has_touch": True}}
NAMES = {"carer_word": "Nana Jo", "mum_word": "Mama", "dad_word": "Pete"}


def _answer_page(page, written: list[str], names: bool) -> int:
    """Answer every question the page shows with one tap each (opening its fold first when
    ``names``); the taps it took. Each text answer is new words, kept in ``written``."""
    taps = 0
    fold = page.locator("main details.question-fold")
    if names and fold.count():
        fold.locator("summary").tap()
        taps += 1
    for question in page.locator("main .question:visible").all():
        box = question.locator("textarea, input[type=text]")
        if box.count():
            key = box.first.get_attribute("name")
            words = NAMES.get(key) or f"My answer number {len(written) + 1}"
            box.first.tap()
            box.first.fill(words)
            written.append(words)
        else:
            question.locator(".choices:not(.choices-list) label, .choices label").first.tap()
        taps += 1
    return taps


def _fill_to_the_end(page, names: bool = False) -> tuple[int, list[str]]:
    """From the welcome page to "Thank you", axe on every page: the taps and the words written."""
    assert_no_axe_violations(page)
    tap_and_wait(page, page.get_by_role("link", name="Start"))  # the way in: not counted
    taps, written, folded = 0, [], 0
    first_page = True
    while "/my-say/page/" in page.url:
        assert_no_axe_violations(page)
        if first_page:
            # The words for mum, dad and carer come later, never as the first thing asked.
            assert page.locator("main input[type=text], main textarea").count() == 0
            first_page = False
        if not names:
            folded += page.locator("main details.question-fold .question").count()
        taps += _answer_page(page, written, names)
        tap_and_wait(page, page.get_by_role("button", name="Save and go on"))
        taps += 1
        if page.url.endswith("/my-say/told-today"):
            # Only a child who ticked a harm sees this; the first choice ticked one here.
            assert_no_axe_violations(page)
            tap_and_wait(page, page.get_by_role("link", name="Carry on with my booklet"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    assert_no_axe_violations(page)
    # Everything shown was answered; only what stayed in a closed fold is left, as "skipped".
    expect(page.locator("main dd.not-answered")).to_have_count(folded)
    page.get_by_role("button", name="Send my answers").tap()
    taps += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for sending your answers")
    assert_no_axe_violations(page)
    return taps, written


def _iro_reads(browser, base_url: str, slug: str, invitation_id: int, written: list[str]) -> None:
    """The IRO signs in and finds every word the young person wrote on the review's page."""
    review_id = db.session.get(Invitation, invitation_id).review_id
    context = browser.new_context(**LAPTOP)
    page = context.new_page()
    page.goto(f"{base_url}/staff/sign-in")
    page.get_by_label("Email address").fill(f"{slug}@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base_url}/staff/reviews/{review_id}")
    main = page.locator("main")
    for words in written:
        expect(main).to_contain_text(words)
    context.close()


@pytest.mark.slow
@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("slug", ["moving_on", "teen"])
def test_the_older_booklets_take_fewer_than_30_taps_to_the_end(live_server, browser, slug, screen):
    link, invitation_id = invite(live_server, slug)
    context = browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.goto(link)
    taps, written = _fill_to_the_end(page)
    print(f"{slug} on a {screen}: {taps} taps to the end")
    assert taps < FEWER_THAN
    context.close()
    _iro_reads(browser, live_server.url, slug, invitation_id, written)


@pytest.mark.slow
def test_giving_the_words_for_people_is_four_taps_more_and_reaches_the_iro(live_server, browser):
    link, invitation_id = invite(live_server, "teen")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(link)
    taps, written = _fill_to_the_end(page, names=True)
    print(f"teen with the words for people: {taps} taps to the end")
    assert taps < FEWER_THAN + NAMES_COST
    assert set(NAMES.values()) <= set(written)
    context.close()
    _iro_reads(browser, live_server.url, "teen", invitation_id, written)


def test_the_check_page_folds_page_by_page_without_javascript(live_server, browser):
    link = invite_child(live_server, "moving_on")
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(link)
    page.goto(link.split("/b/")[0] + "/my-say/check")
    folds = page.locator("main details.answers-page")
    expect(folds).to_have_count(7)
    first = folds.first
    expect(first.locator("dl")).to_be_visible()
    first.locator("summary").tap()
    expect(first.locator("dl")).to_be_hidden()
    expect(folds.nth(1).locator("dl")).to_be_visible()
    first.locator("summary").tap()
    expect(first.locator("dl")).to_be_visible()
    context.close()


def test_the_fold_of_words_opens_without_javascript(live_server, browser):
    link = invite_child(live_server, "teen")
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(link)
    page.goto(link.split("/b/")[0] + "/my-say/page/4")
    mum = page.get_by_label("What do you call your mum?")
    expect(mum).to_be_hidden()
    page.locator("main details.question-fold summary").tap()
    expect(mum).to_be_visible()
    context.close()
