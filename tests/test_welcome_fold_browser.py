"""The welcome page on a 360×640 phone: Start shows without scrolling for every booklet (each band
and each audience) in every language offered, and the page says how long the booklet takes and
what an IRO is, in words on the page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from app.domain.booklets.definitions import BOOKLET_DIR, booklet_of, latest_version
from app.domain.booklets.plain import minutes_to_fill
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Child, Review
from tests.browser import PHONE
from tests.clock import TEST_DATE as TODAY
from tests.factories import make_user
from tests.tap_helpers import AUDIENCE
from tests.words_helpers import IRO_EXPLAINED

pytestmark = pytest.mark.browser

SLUGS = sorted(path.stem for path in BOOKLET_DIR.glob("*.yaml"))
AGES = {"little": 6, "middle": 10, "teen": 15, "moving_on": 19, "easy": 13}


def _link(live_server, slug: str, language: str) -> str:
    iro = make_user(email=f"{slug}-{language}@example.org")
    child = Child(
        child_ref=f"C-{slug}-{language}",
        # A long name, as some children have: the greeting is the widest line above Start.
        preferred_name="Oluwaseun-Alexandra",
        date_of_birth=TODAY - timedelta(days=AGES.get(slug, 11) * 365 + 30),
        team=iro.team,
        iro=iro,
    )
    child.reviews.append(Review(review_date=TODAY + timedelta(days=10), team=iro.team))
    db.session.add(child)
    _, token, _ = create(
        child.reviews[0],
        latest_version(slug),
        respondent=AUDIENCE.get(slug, "child"),
        language=language,
    )
    db.session.commit()
    return f"{live_server.url}/b/{token}"


@pytest.mark.parametrize("slug", SLUGS)
def test_start_is_above_the_fold_in_every_language(file_app, live_server, browser, slug):
    languages = file_app.config["LANGUAGES"]
    assert len(languages) == 17, languages  # English and the sixteen, all complete
    context = browser.new_context(**PHONE)
    page = context.new_page()
    low = {}
    for language in languages:
        page.goto(_link(live_server, slug, language))
        start = page.locator("main a.button-start")
        expect(start).to_be_visible()
        box = start.bounding_box()
        low[language] = box["y"] + box["height"]
    context.close()
    below = {code: bottom for code, bottom in low.items() if bottom > PHONE["viewport"]["height"]}
    assert below == {}, f"Start below the fold of a 640px-high screen: {below}"


def test_the_welcome_page_says_how_long_and_what_an_iro_is(file_app, live_server, browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(_link(live_server, "little", "en"))
    minutes = minutes_to_fill(booklet_of(latest_version("little")))
    expect(page.locator("main")).to_contain_text(f"It takes about {minutes} minutes.")
    expect(page.get_by_text(IRO_EXPLAINED)).to_be_visible()
    context.close()
