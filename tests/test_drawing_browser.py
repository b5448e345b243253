"""Issue 15, "done when": a six-year-old's Little booklet finished without typing, at 360×640 and
1366×768 with axe on every page: a drawing made on the screen and a voice answer recorded (by
Chromium's fake microphone), both reaching the IRO's reading page; and, without JavaScript, a
photo of a drawing on paper."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Child, Review
from tests.a11y import assert_no_axe_violations
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.clock import TEST_DATE as TODAY
from tests.factories import PASSWORD, make_user
from tests.media_helpers import drawn_png, houses_page

pytestmark = pytest.mark.browser

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
SCREENS = {"phone": PHONE, "laptop": LAPTOP}
# A microphone that plays a tone, and no prompt to allow it: Chromium's own test devices.
FAKE_MICROPHONE = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]


@pytest.fixture(scope="module")
def recording_browser(browser):
    """A second Chromium, from the same Playwright, with the fake microphone."""
    second = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MICROPHONE, headless=True
    )
    yield second
    second.close()


def _invite_six_year_old(server) -> tuple[str, int]:
    iro = make_user(email="sam@example.org")
    child = Child(
        child_ref="C6",
        preferred_name="Robin",
        date_of_birth=TODAY - timedelta(days=6 * 365 + 100),
        team=iro.team,
        iro=iro,
    )
    review = Review(review_date=TODAY + timedelta(days=10), team=iro.team)
    child.reviews.append(review)
    db.session.add(child)
    _invitation, token, _code = create(review, latest_version("little"))
    db.session.commit()
    return f"{server.url}/b/{token}", review.id


def _save_and_go_on(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Save and go on").click()


def _draw(page, key: str) -> None:
    canvas = page.locator(f"#q-{key}-group canvas")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.3
    page.mouse.move(x, y)
    page.mouse.down()
    for step in range(1, 12):
        page.mouse.move(x + step * box["width"] * 0.05, y + step * box["height"] * 0.04)
    page.mouse.up()
    # The drawing is in the form's file field, ready to go with the page.
    page.wait_for_function(
        f"() => document.querySelector('input[name=\"{key}-drawing\"]').files.length === 1"
    )


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_a_six_year_old_draws_and_records_without_typing_and_the_iro_sees_both(
    live_server, recording_browser, screen
):
    link, review_id = _invite_six_year_old(live_server)
    context = recording_browser.new_context(**SCREENS[screen])
    page = context.new_page()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello Robin")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Start").click()

    houses = houses_page()
    number = 1
    while True:
        assert_no_axe_violations(page)
        typed = page.locator("main input[type=text], main textarea")
        if number == 1:
            # The first question is a face to tap.
            page.locator('label[for="q-home_feel-happy"]').click()
        if number == houses:
            _draw(page, "house_worries")
            voice = page.locator("#q-house_worries-group [data-voice]")
            expect(voice).to_be_visible()
            record = voice.get_by_role("button", name="Record", exact=True)
            record.click()
            # While it records, only Stop is there to press.
            expect(voice.get_by_role("status")).to_have_text(
                "Recording. Press Stop when you have finished."
            )
            expect(record).to_be_hidden()
            page.wait_for_timeout(1200)
            voice.get_by_role("button", name="Stop").click()
            expect(voice.locator("audio")).to_be_visible()
            expect(record).to_be_visible()
            expect(voice.get_by_role("button", name="Delete recording")).to_be_visible()
            expect(voice.get_by_role("status")).to_have_text(
                "Your recording will be saved when you go on."
            )
            assert_no_axe_violations(page)
        # Nothing typed, anywhere: every box the child could write in is left empty.
        assert all(value == "" for value in typed.evaluate_all("els => els.map(e => e.value)"))
        _save_and_go_on(page)
        if "/my-say/check" in page.url:
            break
        number += 1

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")
    row = page.locator("dl.answers > div", has_text="my house of worries")
    expect(row).to_contain_text("A drawing")
    expect(row).to_contain_text("A voice recording")
    assert_no_axe_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for sending your answers")
    assert_no_axe_violations(page)
    context.close()

    staff = recording_browser.new_context(**SCREENS[screen])
    iro = staff.new_page()
    iro.goto(f"{live_server.url}/staff/sign-in")
    iro.get_by_label("Email address").fill("sam@example.org")
    iro.get_by_label("Password").fill(PASSWORD)
    iro.get_by_role("button", name="Sign in").click()
    iro.goto(f"{live_server.url}/staff/reviews/{review_id}")
    drawing = iro.get_by_role("img", name="Drawing for: Draw or tell: my house of worries")
    drawing.scroll_into_view_if_needed()
    iro.wait_for_function("() => document.querySelector('img.child-drawing').complete")
    assert drawing.evaluate("img => img.naturalWidth") == 800
    audio = iro.locator("dd.media audio")
    played = iro.request.get(f"{live_server.url}{audio.get_attribute('src')}")
    assert played.status == 200
    assert played.headers["content-type"].startswith("audio/")
    assert len(played.body()) > 1000
    assert "no-store" in played.headers["cache-control"]
    assert_no_axe_violations(iro)
    staff.close()


def test_without_javascript_a_photo_of_a_drawing_is_sent(live_server, browser, tmp_path):
    link, _review_id = _invite_six_year_old(live_server)
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(link)
    page.goto(f"{live_server.url}/my-say/page/{houses_page()}")
    group = page.locator("#q-house_worries-group")
    # No pad and no recorder without the script: only the photo.
    expect(group.locator("canvas")).to_be_hidden()
    expect(group.get_by_role("button", name="Record", exact=True)).to_have_count(0)
    photo = tmp_path / "drawing.png"
    photo.write_bytes(drawn_png())
    group.get_by_label("Take a photo of your drawing").set_input_files(str(photo))
    _save_and_go_on(page)
    page.goto(f"{live_server.url}/my-say/page/{houses_page()}")
    expect(group).to_contain_text("Your drawing is saved.")
    expect(group.get_by_role("img", name="Your drawing")).to_be_visible()
    page.goto(f"{live_server.url}/my-say/check")
    expect(page.locator("dl.answers > div", has_text="my house of worries")).to_contain_text(
        "A drawing"
    )
    context.close()


def test_without_a_microphone_the_page_says_so_plainly(live_server, browser):
    link, _review_id = _invite_six_year_old(live_server)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    # A phone with no recorder at all, as some older browsers are.
    page.add_init_script("delete window.MediaRecorder")
    page.goto(link)
    page.goto(f"{live_server.url}/my-say/page/{houses_page()}")
    voice = page.locator("#q-house_worries-group [data-voice]")
    expect(voice).to_contain_text("This phone cannot record here. You can draw or choose instead.")
    expect(voice.get_by_role("button", name="Record", exact=True)).to_be_hidden()
    # Drawing still works.
    _draw(page, "house_worries")
    assert_no_axe_violations(page)
    context.close()
