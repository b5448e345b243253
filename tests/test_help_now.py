"""Help now that helps: Tell my IRO today, who to call, and back to the same page with what was
typed kept (issue 10; the JavaScript-off browser test is in test_help_now_browser.py)."""

from tests.safety_helpers import (
    alerts,
    flags,
    invite,
    open_booklet,
    page_of,
    quiet_with_a_duty_phone,  # noqa: F401 (autouse)
    text_of,
)


def test_help_now_saves_the_page_and_goes_back_to_it(app, client):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "house_worries")
    page = client.get(f"/my-say/page/{number}").get_data(as_text=True)
    # The header's "I need help now" is a button of the page's own form: it works without
    # JavaScript, and Enter in a box still means "Save and go on".
    assert 'form="booklet-page" name="action" value="help"' in page
    assert page.index('value="next" hidden') < page.index('value="help"')
    response = client.post(
        f"/my-say/page/{number}", data={"house_worries": "my worry words", "action": "help"}
    )
    assert response.location == "/help"
    help_page = client.get("/help").get_data(as_text=True)
    text = text_of(help_page)
    assert "Tell my IRO today" in text and 'action="/my-say/tell-today"' in help_page
    assert "Your IRO, Sam Patel, at work: 07700 900111" in text
    assert "01632 960000" in text and "0800 1111" in text and "999" in text
    assert f'href="/my-say/page/{number}"' in help_page
    back = client.get(f"/my-say/page/{number}").get_data(as_text=True)
    assert "my worry words" in back


def test_help_now_with_words_that_cannot_be_saved_keeps_them(app, client):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "anything_else")
    too_long = "word " * 1100
    response = client.post(
        f"/my-say/page/{number}", data={"anything_else": too_long, "action": "help"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Tell my IRO today" in html and 'name="action" value="back"' in html
    back = client.post(
        f"/my-say/page/{number}", data={"anything_else": too_long.strip(), "action": "back"}
    )
    assert back.status_code == 400
    assert too_long.strip() in back.get_data(as_text=True)
    assert "That is too long" in back.get_data(as_text=True)


def test_help_from_another_page_goes_back_there(app, client):
    invitation = invite()
    open_booklet(client, invitation)
    check = client.get("/my-say/check").get_data(as_text=True)
    assert 'href="/help?back=/my-say/check"' in check
    assert 'href="/my-say/check"' in client.get("/help?back=/my-say/check").get_data(as_text=True)
    # Never a way off the site.
    html = client.get("/help?back=https://evil.example/").get_data(as_text=True)
    assert "evil.example" not in html


def test_help_without_a_booklet_still_says_what_to_do(app, client):
    text = text_of(client.get("/help").get_data(as_text=True))
    assert "999" in text and "0800 1111" in text and "01632 960000" in text
    assert "Tell my IRO today" not in text


def test_tell_my_iro_today_with_a_message(app, client, auth):
    invitation = invite()
    open_booklet(client, invitation)
    response = client.post("/my-say/tell-today", data={"message": "  please ring me  "})
    assert response.location == "/my-say/told-today"
    (alert,) = alerts()
    assert alert.reason == "The child asked for their IRO to know today"
    assert flags()["_asked_today"].evidence == ["please ring me"]
    assert client.post("/my-say/tell-today", data={"message": "x" * 501}).status_code == 400

    auth.login()
    review = text_of(client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True))
    assert "Their message: please ring me" in review
