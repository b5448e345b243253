"""Every bundled booklet, filled to the end in Debian's Chromium on a 360×640 phone screen with the
keyboard only, with JavaScript on and off; axe-core checks every page a child sees on the way.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import yaml
from playwright.sync_api import expect

from app.domain.booklets.definitions import BOOKLET_DIR, RATHER_NOT_SAY, latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Child, Review
from tests.a11y import assert_no_axe_violations, assert_no_axe_violations_as_shown
from tests.browser import PHONE
from tests.clock import TEST_DATE as TODAY
from tests.factories import make_user

pytestmark = pytest.mark.browser

CHILD_WORDS = "I like my room"
# Read when the tests are collected, so a booklet added to app/booklets is tested with no edit here.
DEFINITIONS = {
    data["slug"]: data
    for data in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in BOOKLET_DIR.glob("*.yaml"))
}
SLUGS = sorted(DEFINITIONS)
# A generous bound on the Tab presses that reach any one control: a page has a few dozen at most.
MAX_TABS = 150

ACTIVE = """() => {
  const e = document.activeElement;
  return {
    tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(), id: e.id || '',
    name: e.name || '', value: e.value || '', checked: !!e.checked,
    inForm: !!e.closest('main form'), text: (e.innerText || '').trim(),
    closedFold: e.matches('details.question-fold:not([open]) > summary'),
  };
}"""


def _age_for(slug: str) -> int:
    low, high = DEFINITIONS[slug].get("ages") or [10, 10]
    return (low + high) // 2


@pytest.fixture
def live(live_server):
    """The app on a loopback port with every bundled booklet published; ``invite`` makes a link."""

    def invite(slug: str) -> tuple[str, int]:
        """A child (of an age the booklet is for) and a review; the invitation's link."""
        iro = make_user(email="sam@example.org")
        child = Child(
            child_ref="C100",
            first_name="Joanne",
            preferred_name="Jo",
            date_of_birth=TODAY - timedelta(days=_age_for(slug) * 365 + 100),
            team=iro.team,
            iro=iro,
        )
        review = Review(review_date=TODAY + timedelta(days=10), team=iro.team)
        child.reviews.append(review)
        db.session.add(child)
        respondent = DEFINITIONS[slug].get("audience", "child")
        invitation, token, _code = create(review, latest_version(slug), respondent=respondent)
        db.session.commit()
        return f"{live_server.url}/b/{token}", invitation.id

    return live_server, invite


def _check_page(page, javascript: bool, axe: bool = True) -> None:
    """What every page must pass: axe finds nothing, and nothing needs sideways scrolling."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    if not axe:
        return
    if javascript:
        assert_no_axe_violations(page)
    else:
        # axe cannot run in a page with JavaScript off: it checks the same HTML in a twin page.
        assert_no_axe_violations_as_shown(page, **PHONE)


def _active(page) -> dict:
    return page.evaluate(ACTIVE)


def _tab_until(page, matches, backwards: bool = False) -> dict:
    """Press Tab until the focused element satisfies ``matches``; fail after MAX_TABS presses."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        element = _active(page)
        if matches(element):
            return element
    raise AssertionError(f"Tab never reached the control on {page.url}")


def _press_link(page, words: str) -> None:
    """Tab to the link or button with these words and press Enter, waiting for the next page."""
    _tab_until(page, lambda e: e["tag"] in ("a", "button") and e["text"] == words)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _answer_focused(page, element: dict, ticked: set[str]) -> None:
    """Answer the control that has focus as a child would; leave "I'd rather not say" alone."""
    if element["closedFold"]:
        # A fold of optional questions: a child answering everything opens it with Enter.
        page.keyboard.press("Enter")
        return
    if not element["inForm"] or element["value"] == RATHER_NOT_SAY:
        return
    if element["name"].endswith(f"-{RATHER_NOT_SAY}"):
        return
    if element["type"] == "radio":
        # Tab stops once in a radio group, on its first choice: Space picks it.
        if not element["checked"]:
            page.keyboard.press("Space")
    elif element["type"] == "checkbox":
        # One choice in each group; and the "only my IRO" box on every text answer.
        if element["name"] not in ticked and not element["checked"]:
            page.keyboard.press("Space")
        ticked.add(element["name"])
    elif element["tag"] == "textarea" or element["type"] in ("text", "search", ""):
        if element["tag"] in ("textarea", "input"):
            page.keyboard.press("ControlOrMeta+A")
            page.keyboard.type(CHILD_WORDS)
    elif element["tag"] == "select":
        page.keyboard.press("ArrowDown")
    elif element["type"] in ("number", "range"):
        page.keyboard.press("ArrowUp")


def _is_submit(element: dict, value: str) -> bool:
    return element["tag"] == "button" and element["inForm"] and element["value"] == value


def _fill_page_by_keyboard(page) -> None:
    """Tab through the whole page from the top, answering every question on the way."""
    ticked: set[str] = set()
    _answer_focused(page, _active(page), ticked)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = _active(page)
        if _is_submit(element, "next"):
            return
        _answer_focused(page, element, ticked)
    raise AssertionError(f"Tab never reached 'Save and go on' on {page.url}")


def _submit(page, value: str) -> None:
    """Press Enter on the focused submit button (``value`` says which) and wait for the answer."""
    assert _is_submit(_active(page), value), _active(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("slug", SLUGS)
def test_booklet_filled_by_keyboard_on_phone_with_no_axe_violations(
    live, browser, slug, javascript
):
    server, invite = live
    link, _invitation_id = invite(slug)
    total = len(DEFINITIONS[slug]["pages"])
    context = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = context.new_page()

    # The start and help pages are the same whatever the booklet: checked with the first one.
    same_for_all = slug == SLUGS[0]
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _check_page(page, javascript, axe=same_for_all)

    # A parent or carer is greeted, not called by the child's name.
    greeting = "Hello Jo" if DEFINITIONS[slug].get("audience", "child") == "child" else "Hello"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(greeting)
    _check_page(page, javascript)

    _press_link(page, "I need help now")
    expect(page.locator("main")).to_contain_text("0800 1111")
    _check_page(page, javascript, axe=same_for_all)
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(greeting)

    _press_link(page, "Start")
    kinds_checked: set[str] = set()
    for number, definition in enumerate(DEFINITIONS[slug]["pages"], start=1):
        assert page.url.endswith(f"/my-say/page/{number}"), page.url
        expect(page.locator("main")).to_contain_text(f"Page {number} of {total}")
        # With JavaScript on axe checks every page. Off, the HTML is the very HTML the server
        # sent the "js" run, so a page is checked again only when it shows a kind not checked yet.
        kinds = {q["kind"] for q in definition["questions"]}
        _check_page(page, javascript, axe=javascript or not kinds <= kinds_checked)
        kinds_checked |= kinds
        _fill_page_by_keyboard(page)
        _submit(page, "next")
        if page.url.endswith("/my-say/told-today"):
            # The first choice of "Is someone hurting you?" is Yes: the child is told what to do
            # now and their IRO today, then carries on where they were.
            expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
            _check_page(page, javascript)
            _press_link(page, "Carry on with my booklet")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    # Every question was reached and answered from the keyboard alone.
    expect(page.locator("main dd.not-answered")).to_have_count(0)
    if any(
        q["kind"] in ("text", "long_text")
        for p in DEFINITIONS[slug]["pages"]
        for q in p["questions"]
    ):
        expect(page.locator("main")).to_contain_text(CHILD_WORDS)
        expect(page.locator("main .only-iro").first).to_be_visible()
    _check_page(page, javascript)

    _press_link(page, "Send my answers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for sending your answers")
    _check_page(page, javascript)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_reopening_a_half_filled_link_resumes_with_answers_filled_in(live, browser, javascript):
    server, invite = live
    link, _invitation_id = invite("middle")
    first = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = first.new_page()
    page.goto(link)
    _press_link(page, "Start")
    _fill_page_by_keyboard(page)
    _submit(page, "next")
    _fill_page_by_keyboard(page)
    page.keyboard.press("Tab")
    _submit(page, "later")
    assert page.url.endswith("/my-say/saved"), page.url
    _check_page(page, javascript)
    first.close()

    # Another day, perhaps another phone: the same link opens on the page left half-done.
    again = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = again.new_page()
    page.goto(link)
    assert page.url.endswith("/my-say/page/2"), page.url
    _expect_answered(page)
    _press_link(page, "Back")
    assert page.url.endswith("/my-say/page/1"), page.url
    _expect_answered(page)
    again.close()


def _expect_answered(page) -> None:
    """Each question on the page shows what was answered before."""
    for group in page.locator("main .question").all():
        if group.locator("textarea, input[type=text]").count():
            expect(group.locator("textarea, input[type=text]")).to_have_value(CHILD_WORDS)
        else:
            expect(group.locator("input:checked").first).to_be_attached()
