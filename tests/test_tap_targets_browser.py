"""Every tap target a child meets is at least 44×44 CSS pixels on a 360×640 phone, on every page
of every booklet, from the start page to the letter after the review."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.domain.booklets.definitions import AFTER_SLUG, BOOKLET_DIR
from app.extensions import db
from app.models import Invitation
from tests.browser import PHONE
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.tap_helpers import invite, tap_and_wait, tap_targets, too_small

pytestmark = pytest.mark.browser

SLUGS = sorted(path.stem for path in BOOKLET_DIR.glob("*.yaml"))


def _measured(page, pages: dict) -> None:
    page.wait_for_load_state("load")
    pages[page.url.split("/", 3)[-1] or "/"] = too_small(page)


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_every_tap_target_of_every_page_is_44_pixels_at_least(live_server, browser, slug):
    link, invitation_id = invite(live_server, slug)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    small: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/")
    _measured(page, small)
    page.goto(link)
    _measured(page, small)
    # Start shows without scrolling on a 640px-high screen.
    start = page.get_by_role("link", name="Start").bounding_box()
    assert start["y"] + start["height"] <= PHONE["viewport"]["height"], start
    tap_and_wait(page, page.get_by_role("link", name="Start"))
    while "/my-say/page/" in page.url:
        # A tick in every group shows the rows as they look chosen; the page is measured twice.
        _measured(page, small)
        # A fold of optional questions is measured closed, then opened to measure what it holds.
        for fold in page.locator("main details.question-fold:not([open]) > summary").all():
            fold.click()
        for group in page.locator("main .choices").all():
            group.locator("label").first.click()
        page.locator("main form").evaluate(
            "f => f.querySelectorAll('textarea, input[type=text]').forEach(t => t.value = 'Yes')"
        )
        _measured(page, small)
        tap_and_wait(page, page.get_by_role("button", name="Save and go on"))
        if page.url.endswith("/my-say/told-today"):
            _measured(page, small)
            tap_and_wait(page, page.get_by_role("link", name="Carry on with my booklet"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    _measured(page, small)
    tap_and_wait(page, page.get_by_role("link", name="I need help now"))
    _measured(page, small)
    page.go_back()
    tap_and_wait(page, page.get_by_role("button", name="Send my answers"))
    _measured(page, small)
    assert page.get_by_role("link", name="Download a copy of my answers").is_visible()

    if slug not in (AFTER_SLUG, "parent", "carer"):
        # After the review: the letter on the child's own link.
        invitation = db.session.get(Invitation, invitation_id)
        invitation.review.review_date = TODAY - timedelta(days=1)
        invitation.review.decisions = [{"asked": "To chair my review.", "decided": "Yes."}]
        invitation.review.outcome_recorded_at = now()
        db.session.commit()
        page.goto(link)
        _measured(page, small)
        tap_and_wait(page, page.get_by_role("link", name="Read the letter from your IRO"))
        _measured(page, small)
    context.close()
    report = "\n".join(f"{url}: {line}" for url, found in small.items() for line in found)
    assert not report, report


def test_the_targets_are_measured_as_a_finger_meets_them(live_server, browser):
    """The measure itself: a tiny link fails it; a radio button counts with its label."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    # Styles set through the DOM: the page's Content-Security-Policy refuses style attributes.
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          main.insertAdjacentHTML('beforeend',
            '<a href="#" id="tiny">tiny</a><input type="radio" id="r"><label for="r">big</label>');
          Object.assign(document.getElementById('tiny').style, {fontSize: '10px'});
          Object.assign(document.getElementById('r').style, {width: '10px', height: '10px'});
          Object.assign(main.querySelector('label[for=r]').style,
            {display: 'inline-block', width: '300px', height: '50px'});
        }"""
    )
    found = {t["text"]: t for t in tap_targets(page)}
    assert found["tiny"]["height"] < 44
    assert any("tiny" in line for line in too_small(page))
    radio = next(t for t in tap_targets(page) if t["what"].startswith("<input"))
    assert radio["width"] >= 300 and radio["height"] >= 50
    context.close()
