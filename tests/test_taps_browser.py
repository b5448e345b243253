"""How many taps a child needs to reach the end, answering everything: each page's "Save and go on",
one tap an answer, and "Send my answers", counted as a phone user taps them (issue #15)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import PHONE
from tests.tap_helpers import invite_child, tap_and_wait

pytestmark = pytest.mark.browser

# The teen booklet keeps the whole review menu (tests/test_booklet_content.py): eight questions
# on one page, so it stops short of 30. It took 55 taps before version 3, moving on 45.
MOST_TAPS = {"teen": 36, "moving_on": 29}


def _answer_page(page) -> int:
    """Answer every question on the page with one tap each; the taps it took."""
    taps = 0
    for question in page.locator("main .question").all():
        box = question.locator("textarea, input[type=text]")
        if box.count():
            box.first.tap()
            box.first.fill("Fine")
        else:
            question.locator(".choices:not(.choices-list) label, .choices label").first.tap()
        taps += 1
    return taps


@pytest.mark.slow
@pytest.mark.parametrize("slug", sorted(MOST_TAPS))
def test_the_older_booklets_take_few_taps_to_the_end(live_server, browser, slug):
    link = invite_child(live_server, slug)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(link)
    tap_and_wait(page, page.get_by_role("link", name="Start"))  # the way in: not counted
    taps = 0
    first_page = True
    while "/my-say/page/" in page.url:
        if first_page:
            # The words for mum, dad and carer come later, never as the first thing asked.
            assert page.locator("main input[type=text], main textarea").count() == 0
            first_page = False
        taps += _answer_page(page)
        tap_and_wait(page, page.get_by_role("button", name="Save and go on"))
        taps += 1
        if page.url.endswith("/my-say/told-today"):
            # Only a child who ticked a harm sees this; the first choice ticked one here.
            tap_and_wait(page, page.get_by_role("link", name="Carry on with my booklet"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    expect(page.locator("main dd.not-answered")).to_have_count(0)
    page.get_by_role("button", name="Send my answers").tap()
    taps += 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for sending your answers")
    print(f"{slug}: {taps} taps to the end")
    assert taps <= MOST_TAPS[slug]
    context.close()


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
