"""The booklet's small script in Debian's Chromium on a phone-sized screen: reading a question
aloud, keeping a draft of the page in the browser, and forgetting every draft once it matters.
"""

import pytest
from playwright.sync_api import expect

from app.booklet.drafts import draft_key
from app.domain.booklets.definitions import booklet_of, latest_version
from app.extensions import db
from app.models import Answer, Invitation
from tests.browser import PHONE
from tests.factories import make_invitation

pytestmark = pytest.mark.browser

WORDS = "I want to see my nan more often"

# Stands in for the browser's voice, and writes down what it was asked to say.
SPEECH_STUB = """
window.spoken = [];
Object.defineProperty(window, "speechSynthesis", {
  configurable: true,
  value: {
    speaking: false,
    speak: function (u) { window.spoken.push({text: u.text, lang: u.lang}); },
    cancel: function () { window.spoken.push({cancel: true}); },
  },
});
"""

DRAFTS = "Object.keys(localStorage).filter(function (k) { return k.indexOf('mysay') === 0; })"


def _invite(name: str, ref: str) -> tuple[int, str]:
    link = make_invitation(ref=ref, name=name, review_in=10)
    return link.id, link.token


@pytest.fixture
def live(file_app, live_server):
    """The app on a loopback port, with two children invited to fill the middle booklet."""
    pages = [p.key for p in booklet_of(latest_version("middle")).pages]
    return {
        "app": file_app,
        "url": live_server.url,
        "jo": _invite("Jo", "C100"),
        "sam": _invite("Sam", "C200"),
        "houses": pages.index("three_houses") + 1,
        "pages": len(pages),
    }


def _open(context, live, who="jo", page_number=None):
    """Open a child's link as from the QR code, then go to one page of questions."""
    page = context.new_page()
    page.goto(f"{live['url']}/b/{live[who][1]}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    if page_number:
        page.goto(f"{live['url']}/my-say/page/{page_number}")
    return page


def test_listen_reads_the_question_and_its_choices_in_the_page_language(live, browser):
    context = browser.new_context(**PHONE)
    context.add_init_script(SPEECH_STUB)
    page = _open(context, live, page_number=1)

    questions = page.locator("main .question")
    listen = page.get_by_role("button", name="Listen to this question")
    expect(listen).to_have_count(questions.count())
    assert questions.count() >= 1

    first = questions.first
    label = first.locator(".question-label").inner_text().strip()
    choices = [c.strip() for c in first.locator(".choice-words").all_inner_texts()]
    button = listen.first
    # Keyboard only: the button is reached and pressed like any other.
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    said = [s for s in page.evaluate("window.spoken") if "text" in s]
    assert len(said) == 1
    assert said[0]["lang"] == page.evaluate("document.documentElement.lang") == "en"
    assert said[0]["text"].startswith(label)
    for choice in choices:
        assert choice in said[0]["text"]

    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "false")
    assert page.evaluate("window.spoken")[-1] == {"cancel": True}
    assert len([s for s in page.evaluate("window.spoken") if "text" in s]) == 1
    context.close()


def test_no_listen_button_where_the_browser_cannot_speak(live, browser):
    context = browser.new_context(**PHONE)
    context.add_init_script("delete window.speechSynthesis; window.speechSynthesis = undefined;")
    page = _open(context, live, page_number=1)
    expect(page.locator("main .question").first).to_be_visible()
    expect(page.get_by_role("button", name="Listen to this question")).to_have_count(0)
    context.close()


def test_focus_starts_at_the_new_page_heading_which_says_how_far_along(live, browser):
    context = browser.new_context(**PHONE)
    page = _open(context, live, page_number=1)
    page.get_by_role("button", name="Save and go on").click()
    expect(page).to_have_url(f"{live['url']}/my-say/page/2")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()
    expect(heading).to_have_accessible_description(f"Page 2 of {live['pages']}")
    context.close()


def test_typed_words_survive_a_reload_until_the_page_is_saved(live, browser):
    context = browser.new_context(**PHONE)
    page = _open(context, live, page_number=live["houses"])
    box = page.get_by_role("textbox", name="My house of wishes")
    box.click()
    page.keyboard.type(WORDS)
    page.reload()
    expect(page.get_by_role("textbox", name="My house of wishes")).to_have_value(WORDS)

    # The draft's name tells nobody whose booklet it is: not the link, not the invitation's id.
    keys = page.evaluate(DRAFTS)
    assert len(keys) == 1
    invitation_id, token = live["jo"]
    with live["app"].test_request_context():
        assert draft_key(invitation_id) in keys[0]
        assert draft_key(invitation_id) != draft_key(live["sam"][0])
    assert token not in keys[0] and f":{invitation_id}:" not in keys[0]
    assert WORDS not in keys[0]

    page.get_by_role("button", name="Save and go on").click()
    expect(page).to_have_url(f"{live['url']}/my-say/page/{live['houses'] + 1}")
    assert page.evaluate(DRAFTS) == []
    with live["app"].app_context():
        saved = db.session.execute(
            db.select(Answer).where(Answer.question_key == "house_wishes")
        ).scalar_one()
        assert saved.value == WORDS
    context.close()


def test_a_saved_answer_wins_over_an_old_draft(live, browser):
    context = browser.new_context(**PHONE)
    page = _open(context, live, page_number=live["houses"])
    page.get_by_role("textbox", name="My house of good things").fill("My dog")
    page.get_by_role("button", name="Save and go on").click()
    page.goto(f"{live['url']}/my-say/page/{live['houses']}")
    page.get_by_role("textbox", name="My house of good things").fill("Something else")
    page.get_by_role("textbox", name="My house of worries").fill("Tests")
    assert len(page.evaluate(DRAFTS)) == 1
    page.reload()
    expect(page.get_by_role("textbox", name="My house of good things")).to_have_value("My dog")
    expect(page.get_by_role("textbox", name="My house of worries")).to_have_value("Tests")
    context.close()


def _send(page, live) -> str:
    page.get_by_label("Only my IRO can see this").first.check()
    assert len(page.evaluate(DRAFTS)) == 1
    page.goto(f"{live['url']}/my-say/check")
    page.get_by_role("button", name="Send my answers").click()
    return "Thank you for sending your answers"


def _save_for_later(page, live) -> str:
    page.goto(f"{live['url']}/my-say/page/1")
    assert len(page.evaluate(DRAFTS)) == 1, "a draft of another page is kept while filling"
    page.get_by_role("button", name="Save and come back later").click()
    return "Your answers are saved"


@pytest.mark.parametrize("leave", [_send, _save_for_later], ids=["sending", "saving-for-later"])
def test_leaving_the_booklet_leaves_no_drafts_on_the_phone(live, browser, leave):
    """Sending, or saving to come back later, forgets every draft: the phone may be shared."""
    context = browser.new_context(**PHONE)
    page = _open(context, live, page_number=live["houses"])
    page.get_by_role("textbox", name="My house of worries").fill(WORDS)
    heading = leave(page, live)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.evaluate(DRAFTS) == []
    context.close()


def test_the_next_child_on_a_shared_phone_never_sees_a_draft(live, browser):
    context = browser.new_context(**PHONE)
    page = _open(context, live, page_number=live["houses"])
    page.get_by_role("textbox", name="My house of worries").fill(WORDS)
    assert len(page.evaluate(DRAFTS)) == 1

    page = _open(context, live, who="sam", page_number=live["houses"])
    assert page.evaluate(DRAFTS) == []
    expect(page.get_by_role("textbox", name="My house of worries")).to_have_value("")
    context.close()


def test_without_javascript_the_page_has_no_listen_button_and_still_saves(live, browser):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = _open(context, live, page_number=live["houses"])
    expect(page.get_by_role("button", name="Listen to this question")).to_have_count(0)
    page.get_by_role("textbox", name="My house of wishes").fill(WORDS)
    page.get_by_role("button", name="Save and go on").click()
    expect(page).to_have_url(f"{live['url']}/my-say/page/{live['houses'] + 1}")
    with live["app"].app_context():
        invitation = db.session.get(Invitation, live["jo"][0])
        assert invitation.last_page == live["houses"] + 1
        saved = db.session.execute(
            db.select(Answer).where(Answer.question_key == "house_wishes")
        ).scalar_one()
        assert saved.value == WORDS
    context.close()


def test_listen_says_plainly_when_the_phone_has_no_voice_for_the_language(live, browser):
    from app.extensions import db
    from app.models import Invitation

    invitation = db.session.get(Invitation, live["jo"][0])
    invitation.language = "ar"
    db.session.commit()
    context = browser.new_context(**PHONE)
    context.add_init_script(SPEECH_STUB)
    # The phone has an English voice only.
    context.add_init_script(
        "window.speechSynthesis.getVoices = function () { return [{lang: 'en-GB'}]; };"
    )
    page = context.new_page()
    page.goto(f"{live['url']}/b/{live['jo'][1]}")
    page.goto(f"{live['url']}/my-say/page/1")
    page.locator("main .listen-button").first.click()
    note = page.locator("main .listen-note").first
    expect(note).to_have_text("هذا الهاتف لا يستطيع قراءة هذه اللغة بصوت عالٍ.")
    assert [s for s in page.evaluate("window.spoken") if "text" in s] == []
    context.close()


def test_a_draft_put_back_into_a_fold_opens_it(live, browser):
    link = make_invitation(ref="C300", name="Kai", version=latest_version("teen"), review_in=10)
    teen = booklet_of(latest_version("teen"))
    number = next(n for n, p in enumerate(teen.pages, 1) if p.fold)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{live['url']}/b/{link.token}")
    page.goto(f"{live['url']}/my-say/page/{number}")
    fold = page.locator("main details.question-fold")
    fold.locator("summary").click()
    page.get_by_role("textbox", name="What do you call your mum?").fill("Mama")
    page.reload()
    # Nothing saved yet, so the server sends the fold closed; the draft's words open it.
    expect(fold).to_have_attribute("open", "")
    expect(page.get_by_role("textbox", name="What do you call your mum?")).to_have_value("Mama")
    context.close()
