"""The whole path in Debian's Chromium: an IRO makes an invitation, a child scans its QR code and
fills the booklet on a phone-sized screen, the IRO reads what the child said.
"""

from datetime import date, timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from app.extensions import db
from app.models import Child, Invitation, Review
from tests.a11y import assert_no_axe_violations
from tests.browser import PHONE, decode_qr_data_uri
from tests.clock import TEST_DATE as TODAY
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

CHILD_WORDS = "I want to see my nan more often"


@pytest.fixture
def live(file_app, live_server):
    """The app served on a loopback port, with an IRO and one child whose review is coming up."""
    iro = make_user(email="sam@example.org")
    child = Child(
        child_ref="C100",
        first_name="Joanne",
        preferred_name="Jo",
        date_of_birth=TODAY - timedelta(days=9 * 365 + 100),
        team=iro.team,
        iro=iro,
    )
    child.reviews.append(Review(review_date=TODAY + timedelta(days=10), team=iro.team))
    db.session.add(child)
    db.session.commit()
    return file_app, live_server


def _sign_in(browser, base_url: str):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base_url}/staff/sign-in")
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def _iro_makes_invitation(browser, base_url: str) -> tuple[str, str]:
    """Sign in as the IRO, open Jo's review, make the invitation; return the QR's link and code."""
    context, page = _sign_in(browser, base_url)
    page.get_by_role("link", name="Jo", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review for Jo")
    page.get_by_role("button", name="Make the invitation").click()
    qr = page.get_by_role("img", name="QR code that opens your booklet")
    link = decode_qr_data_uri(qr.get_attribute("src"))
    code = page.locator(".code").inner_text().strip()
    context.close()
    return link, code


def _answer_every_page(page) -> int:
    """Answer each question on each page as a child would, by tapping labels and typing."""
    pages = 0
    while "/my-say/page/" in page.url:
        pages += 1
        for fieldset in page.locator("main fieldset").all():
            first = fieldset.locator("input:not([value='rather_not_say'])").first
            page.locator(f"label[for='{first.get_attribute('id')}']").click()
        for box in page.locator("main textarea, main input[type=text]").all():
            box.fill(CHILD_WORDS)
        page.get_by_role("button", name="Save and go on").click()
        if page.url.endswith("/my-say/told-today"):
            # A first choice the booklet marks urgent ("Someone is hurting me"): the child is
            # told what to do now, and carries on where they were.
            page.get_by_role("link", name="Carry on with my booklet").click()
        assert pages < 30, "the booklet never reached its end"
    return pages


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_iro_invites_child_answers_on_phone_iro_reads(live, browser, javascript):
    app, server = live
    link, code = _iro_makes_invitation(browser, server.url)
    assert link.startswith(f"{server.url}/b/")
    assert len(code.replace("-", "")) == 8

    child = browser.new_context(**PHONE, java_script_enabled=javascript)
    page = child.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Jo")
    expect(page.locator("main")).to_contain_text("Sam Patel")
    assert "/b/" not in page.url, "the secret link must not stay in the address bar"
    page.get_by_role("link", name="Start").click()

    answered_pages = _answer_every_page(page)
    assert answered_pages >= 5
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check")
    expect(page.locator("main")).to_contain_text(CHILD_WORDS)
    # Nothing on a 360-pixel phone should need sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for sending your answers")
    child.close()

    with app.app_context():
        invitation = db.session.execute(db.select(Invitation)).scalar_one()
        assert invitation.submitted_at is not None
        review_id = invitation.review_id

    reader, page = _sign_in(browser, server.url)
    page.goto(f"{server.url}/staff/reviews/{review_id}")
    answers = page.locator("#answers ~ section.reading")
    expect(answers).to_contain_text(CHILD_WORDS)
    expect(answers).to_contain_text("Very happy")
    reader.close()


def test_iro_adds_a_photo_that_the_next_letter_shows(live, browser, tmp_path):
    _app, server = live
    photo = tmp_path / "me.png"
    Image.new("RGB", (640, 480), (30, 120, 200)).save(photo)
    context, page = _sign_in(browser, server.url)
    page.get_by_role("link", name="Your details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    assert_no_axe_violations(page)
    page.get_by_label("Work phone number (optional)").fill("01632 960 123")
    page.get_by_label("Photo for children's letters (optional)").set_input_files(str(photo))
    page.get_by_role("button", name="Save your details").click()
    expect(page.locator(".notice")).to_contain_text("Your details are saved")
    expect(page.get_by_role("img", name="Your photo as letters show it")).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="My children").click()
    page.get_by_role("link", name="Jo", exact=True).first.click()
    page.get_by_role("button", name="Make the invitation").click()
    letter = page.get_by_role("article")
    expect(letter.get_by_role("img", name="Photo of Sam Patel")).to_be_visible()
    expect(letter).to_contain_text("Phone: 01632 960 123")
    context.close()
