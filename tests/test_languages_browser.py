"""A child completes a booklet in Arabic, Tigrinya and Welsh in Debian's Chromium with JavaScript
off: the page's direction, Back before "Save and go on" in reading order (so right to left mirrors
them), no English left on any page, and in Arabic axe finds nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.messages.pofile import read_po

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.domain.translations import TRANSLATIONS_DIR, msgids, po_path
from app.extensions import db
from app.models import Child, Invitation, Review
from tests.a11y import assert_no_axe_violations
from tests.browser import PHONE
from tests.clock import TEST_DATE as TODAY
from tests.factories import make_user

pytestmark = pytest.mark.browser

WORDS = {"ar": "أحب غرفتي", "ti": "ክፍለይ እፈቱ", "cy": "Dw i'n hoffi fy ystafell"}
# Words that are the same in English and the language (names, "OK", "IRO", numbers) say nothing.
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (!text || !parent || parent.closest('[hidden], script, style')) continue;
    const box = parent.getBoundingClientRect();
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (box.width === 0 && box.height === 0) continue;
    out.push(text);
  }
  return out;
}"""


def english_left(language: str) -> set[str]:
    """The English a child reads whose translation into ``language`` is different."""
    with po_path(language).open("rb") as f:
        catalogue = read_po(f, locale=language)
    wanted = msgids(TRANSLATIONS_DIR / "children.pot")
    return {
        m.id
        for m in catalogue
        if isinstance(m.id, str) and m.id in wanted and m.string and m.string != m.id
    }


@pytest.fixture
def invite(live_server):
    def make(language: str) -> tuple[str, int]:
        iro = make_user(email=f"{language}@example.org")
        child = Child(
            child_ref=f"C-{language}",
            preferred_name="Amal",
            date_of_birth=TODAY - timedelta(days=10 * 365),
            iro=iro,
            language=language,
        )
        review = Review(child=child, review_date=TODAY + timedelta(days=10))
        db.session.add_all([child, review])
        invitation, token, _code = create(review, latest_version("middle"), language=language)
        db.session.commit()
        return f"{live_server.url}/b/{token}", invitation.id

    return make


def axe_check(browser, page) -> None:
    """axe needs scripts, so it reads the same address in a second context with this session."""
    context = browser.new_context(**PHONE)
    context.add_cookies(page.context.cookies())
    twin = context.new_page()
    try:
        twin.goto(page.url)
        assert twin.locator("html").get_attribute("dir") == "rtl"
        assert_no_axe_violations(twin)
    finally:
        context.close()


def check_page(page, language: str, english: set[str]) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    left = english & set(page.evaluate(VISIBLE_TEXT))
    assert not left, f"English on {page.url}: {sorted(left)}"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def back_then_next(page, rtl: bool) -> None:
    """Back comes before "Save and go on" in reading order; right to left, it sits on the right."""
    back = page.locator("main a.back-link")
    go_on = page.locator("main button[value=next]")
    assert page.evaluate(
        "([a, b]) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [back.element_handle(), go_on.element_handle()],
    )
    box, main = back.bounding_box(), page.locator("main").bounding_box()
    if rtl:
        assert box["x"] + box["width"] > main["x"] + main["width"] * 0.75, box
    else:
        assert box["x"] < main["x"] + main["width"] * 0.25, box


@pytest.mark.parametrize("language", ["ar", "ti", "cy"])
def test_a_child_completes_a_booklet_in_their_language_without_javascript(
    browser, invite, language
):
    link, invitation_id = invite(language)
    english = english_left(language)
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(link)
        check_page(page, language, english)
        if language == "ar":
            axe_check(browser, page)
        page.locator("main a.button-start").click()
        pages = 0
        while "/my-say/page/" in page.url:
            pages += 1
            assert pages < 30, f"stuck on {page.url}: {page.locator('main').inner_text()[:300]}"
            check_page(page, language, english)
            back_then_next(page, rtl=language == "ar")
            if language == "ar":
                axe_check(browser, page)
            for group in page.locator("main fieldset").all():
                first = group.locator("input[type=radio]").first
                if first.count():
                    first.check()
            for box in page.locator("main textarea").all():
                box.fill(WORDS[language])
            page.locator("main button[value=next]").click()
        assert pages > 2
        assert page.url.endswith("/my-say/check")
        check_page(page, language, english)
        assert WORDS[language] in page.locator("main").inner_text()
        if language == "ar":
            axe_check(browser, page)
        page.locator("main form button[type=submit]").last.click()
        check_page(page, language, english)
    finally:
        context.close()
    db.session.expire_all()
    invitation = db.session.get(Invitation, invitation_id)
    assert invitation.submitted_at is not None and invitation.language == language


def test_the_header_switch_changes_language_keeping_what_was_typed(browser, invite):
    link, invitation_id = invite("ar")
    context = browser.new_context(java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(link)
        page.locator("main a.button-start").click()
        while not page.locator("main textarea").count():
            assert "/my-say/page/" in page.url, "no page to write on"
            page.locator("main button[value=next]").click()
        box = page.locator("main textarea").first
        box.fill("مرحبا")
        # Each language is named in its own script.
        assert page.locator("#language-choice option[value=cy]").inner_text() == "Cymraeg"
        page.locator("#language-choice").select_option("cy")
        page.locator("button[value=language]").click()
        assert page.locator("html").get_attribute("dir") == "ltr"
        assert page.locator("html").get_attribute("lang") == "cy"
        assert page.locator("main textarea").first.input_value() == "مرحبا"
    finally:
        context.close()
    db.session.expire_all()
    assert db.session.get(Invitation, invitation_id).language == "cy"
