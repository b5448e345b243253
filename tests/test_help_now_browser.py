"""Help now in Debian's Chromium on a phone, JavaScript off: "I need help now" keeps the words
typed on the page, and "Go back" returns to that page with them; Enter still saves and goes on."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Child, Review
from app.models.alerts import Alert
from tests.browser import PHONE
from tests.clock import TEST_DATE as TODAY
from tests.factories import make_user

pytestmark = pytest.mark.browser

WORDS = "something happened at the weekend and I am scared"


@pytest.fixture
def live(file_app, live_server):
    """The app on a loopback port, with Jo invited to the middle booklet by an IRO with a phone."""
    file_app.config["DUTY_PHONE"] = "01632 960000"
    iro = make_user()
    iro.phone = "07700 900111"
    child = Child(child_ref="C1", first_name="Jo", date_of_birth=date(2016, 2, 2), iro=iro)
    review = Review(review_date=TODAY + timedelta(days=10))
    child.reviews.append(review)
    db.session.add(child)
    db.session.flush()
    _invitation, token, _code = create(review, latest_version("middle"))
    db.session.commit()
    pages = [p.key for p in booklet_of(latest_version("middle")).pages]
    return {
        "app": file_app,
        "url": live_server.url,
        "token": token,
        "houses": pages.index("three_houses") + 1,
        "names": pages.index("family") + 1,
    }


def _page(browser, live, number):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live['url']}/b/{live['token']}")
    page.goto(f"{live['url']}/my-say/page/{number}")
    return context, page


def test_help_now_keeps_typed_words_with_javascript_off(live, browser):
    context, page = _page(browser, live, live["houses"])
    page.get_by_label("My house of worries").fill(WORDS)
    page.get_by_role("button", name="I need help now").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("I need help now")
    expect(page.get_by_role("button", name="Tell my IRO today")).to_be_visible()
    expect(page.get_by_role("link", name="07700 900111")).to_have_attribute(
        "href", "tel:07700900111"
    )
    expect(page.get_by_role("link", name="01632 960000")).to_be_visible()
    expect(page.get_by_role("link", name="Call 0800 1111")).to_be_visible()
    expect(page.get_by_role("link", name="Call 999")).to_be_visible()

    page.get_by_role("link", name="Go back").click()
    expect(page).to_have_url(f"{live['url']}/my-say/page/{live['houses']}")
    expect(page.get_by_label("My house of worries")).to_have_value(WORDS)
    context.close()


def test_tell_my_iro_today_from_help_now_raises_the_alert(live, browser):
    context, page = _page(browser, live, live["houses"])
    page.get_by_role("button", name="I need help now").click()
    page.get_by_label("If you want, write a few words").fill("please ring me after school")
    page.get_by_role("button", name="Tell my IRO today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    with live["app"].app_context():
        assert db.session.scalar(db.select(db.func.count(Alert.id))) == 1
    context.close()


def test_enter_in_a_text_box_still_saves_and_goes_on(live, browser):
    context, page = _page(browser, live, live["names"])
    box = page.get_by_label("Is there someone you would like to see or talk to more?")
    box.fill("my nan")
    box.press("Enter")
    expect(page).to_have_url(f"{live['url']}/my-say/page/{live['names'] + 1}")
    context.close()
