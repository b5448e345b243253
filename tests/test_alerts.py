"""Urgent booklets reach a person today: raised once, sent at once, shown until acknowledged."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.domain.messages import alerts as alert_rules
from app.domain.themes.safety import mark_urgent
from app.extensions import db
from app.models import Answer, Child, Review, Role
from app.models.alerts import Alert
from tests.alerts_helpers import (
    CHILD_WORDS,
    REASON,
    REVIEW_DATE,
    _nothing_leaves_the_machine,
    alerts,
    raise_for,
    worried,
)
from tests.clock import now
from tests.factories import make_user, outbox, text_of


@pytest.fixture
def duty_inbox(app):
    alert_rules.set_setting(alert_rules.DUTY_INBOX, "duty@council.test")
    db.session.commit()
    return "duty@council.test"


def test_mark_urgent_raises_one_alert_however_often(app, worried, duty_inbox):
    assert mark_urgent(worried, REASON) is True
    db.session.commit()
    assert mark_urgent(worried, "An answer suggests risk of harm") is False
    db.session.commit()
    (alert,) = alerts()
    assert alert.reason == REASON and alert.acknowledged_at is None
    # Sent once: the IRO by email and text, and the duty inbox, and nobody twice.
    assert sorted((m.channel, m.to) for m in outbox()) == [
        ("email", "duty@council.test"),
        ("email", "iro@example.org"),
        ("sms", "07700900123"),
    ]


def test_messages_name_the_review_but_never_say_what_the_child_wrote(app, worried, duty_inbox):
    alert = raise_for(worried)
    review_id = alert.invitation.review_id
    when = REVIEW_DATE.strftime("%-d %B %Y")
    for message in outbox():
        everything = f"{message.subject or ''} {message.body}"
        assert f"A booklet for Jay's review on {when} needs your attention today" in everything
        assert f"https://mysay.council.test/staff/reviews/{review_id}" in everything
        assert CHILD_WORDS not in everything
        assert "zebra" not in everything
        # Not even the staff reason: the words the themes engine matched may follow it.
        assert REASON not in everything


def test_without_an_iro_the_managers_are_told_at_once(app, manager):
    child = Child(child_ref="C-9", preferred_name="Ash", date_of_birth=date(2012, 1, 1))
    review = Review(child=child, review_date=REVIEW_DATE)
    db.session.add_all([child, review])
    invitation, _t, _c = create(review, latest_version("middle"))
    db.session.commit()
    raise_for(invitation)
    assert [m.to for m in outbox()] == ["manager@example.org"]


def test_a_delivery_failure_is_recorded_and_the_childs_request_still_succeeds(
    app, client, iro, duty_inbox
):
    # A mail server that refuses every connection.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=str(port))
    child = Child(child_ref="C-5", preferred_name="Robin", date_of_birth=date(2014, 6, 1), iro=iro)
    review = Review(child=child, review_date=REVIEW_DATE)
    db.session.add_all([child, review])
    invitation, token, _code = create(review, latest_version("middle"))
    db.session.commit()

    assert client.get(f"/b/{token}", follow_redirects=True).status_code == 200
    response = client.post("/my-say/know-today", follow_redirects=True)

    assert response.status_code == 200
    (alert,) = alerts()
    assert alert.invitation_id == invitation.id
    messages = outbox()
    assert {m.to for m in messages} == {"iro@example.org", "duty@council.test"}
    assert all(m.sent_at is None and "ConnectionRefusedError" in m.error for m in messages)


def test_alert_is_on_top_of_the_dashboard_for_the_iro_and_managers(
    app, client, auth, iro, manager, worried
):
    alert = raise_for(worried)
    for email in ("iro@example.org", "manager@example.org"):
        auth.login(email)
        page = client.get("/staff/").page
        panel = page.select_one("#alerts")
        assert panel.find_next("table") is page.select_one("table")
        text = text_of(panel)
        assert "1 urgent booklet needs someone today" in text
        assert "Jay" in text and REVIEW_DATE.strftime("%-d %B %Y") in text
        assert REASON in text and "Raised" in text
        assert panel.select_one(f'a[href="/staff/reviews/{alert.invitation.review_id}"]')
        assert panel.select_one(f'form[action="/staff/alerts/{alert.id}"]')
        client.post("/staff/sign-out")


def test_an_unrelated_iro_cannot_see_or_acknowledge_it(app, client, auth, worried):
    alert = raise_for(worried)
    make_user(email="other@example.org", name="Other IRO")
    auth.login("other@example.org")
    assert 'id="alerts"' not in client.get("/staff/").get_data(as_text=True)
    assert client.get(f"/staff/alerts/{alert.id}").status_code == 404
    response = client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "Looked"})
    assert response.status_code == 404
    assert alerts()[0].acknowledged_at is None


def test_acknowledging_needs_a_note_of_what_was_done(app, client, auth, iro, worried):
    alert = raise_for(worried)
    auth.login()
    response = client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "   "})
    assert response.status_code == 400
    assert "Write what you did about this alert" in text_of(response)
    assert alerts()[0].acknowledged_at is None
    assert 'id="alerts"' in client.get("/staff/").get_data(as_text=True)

    response = client.post(
        f"/staff/alerts/{alert.id}",
        data={"action_taken": "Phoned the carer; Jay is safe tonight.", "back": "dashboard"},
    )
    assert response.status_code == 303 and response.location.endswith("/staff/")
    (done,) = alerts()
    assert done.acknowledged_at is not None and done.acknowledged_by_id == iro.id
    assert done.action_taken == "Phoned the carer; Jay is safe tonight."
    html = client.get("/staff/").get_data(as_text=True)
    assert 'id="alerts"' not in html
    # The review page keeps the record of what was done.
    review_text = text_of(client.get(f"/staff/reviews/{done.invitation.review_id}"))
    assert "Urgent alerts already dealt with" in review_text
    assert "Phoned the carer; Jay is safe tonight." in review_text and "Sam Patel" in review_text


def test_alert_shows_on_the_review_page_and_goes_back_there(app, client, auth, iro, worried):
    alert = raise_for(worried)
    review_id = alert.invitation.review_id
    auth.login()
    page = client.get(f"/staff/reviews/{review_id}").page
    assert REASON in text_of(page.select_one("#alerts"))
    response = client.post(
        f"/staff/alerts/{alert.id}", data={"action_taken": "Saw Jay at school.", "back": "review"}
    )
    assert response.location.endswith(f"/staff/reviews/{review_id}")
    # A second acknowledgement does not overwrite the first.
    client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "Something else"})
    assert alerts()[0].action_taken == "Saw Jay at school."


def escalate(runner):
    result = runner.invoke(args=["alerts", "escalate"])
    assert result.exit_code == 0, result.output
    return result.output


def test_escalation_after_the_hours_goes_to_managers_once(app, runner, manager, worried):
    make_user(email="boss@example.org", role=Role.MANAGER, name="Boss")
    gone = make_user(email="gone@example.org", role=Role.MANAGER, name="Gone")
    gone.active = False
    alert = raise_for(worried)
    before = len(outbox())

    assert "0 alert(s)" in escalate(runner)  # only just raised
    alert = alerts()[0]
    alert.raised_at = now() - timedelta(hours=4, minutes=1)
    db.session.commit()

    assert "1 alert(s)" in escalate(runner)
    sent = outbox()[before:]
    assert sorted(m.to for m in sent) == ["boss@example.org", "manager@example.org"]
    assert all("nobody has recorded what they did within 4 hours" in m.body for m in sent)
    assert all(CHILD_WORDS not in m.body and REASON not in m.body for m in sent)
    assert alerts()[0].escalated_at is not None

    assert "0 alert(s)" in escalate(runner)
    assert len(outbox()) == before + 2


def test_acknowledged_alerts_are_not_escalated(app, runner, client, auth, manager, worried):
    alert = raise_for(worried)
    alert.raised_at = now() - timedelta(hours=10)
    db.session.commit()
    auth.login("manager@example.org")
    client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "Called the duty team."})
    before = len(outbox())
    assert "0 alert(s)" in escalate(runner)
    assert len(outbox()) == before


def test_escalation_without_managers_fails_and_marks_nothing(app, runner, worried):
    alert = raise_for(worried)
    alert.raised_at = now() - timedelta(hours=10)
    db.session.commit()
    result = runner.invoke(args=["alerts", "escalate"])
    assert result.exit_code == 1 and "no active manager" in result.output
    assert alerts()[0].escalated_at is None


def test_managers_set_the_duty_inbox_and_hours(app, client, auth, manager, runner, worried):
    auth.login("manager@example.org")
    assert client.get("/staff/alerts/settings").status_code == 200
    bad = client.post(
        "/staff/alerts/settings", data={"duty_inbox": "not an address", "escalation_hours": "2"}
    )
    assert bad.status_code == 400
    assert "Enter an email address like" in text_of(bad)
    assert alert_rules.duty_inbox() is None

    good = client.post(
        "/staff/alerts/settings",
        data={"duty_inbox": "duty-team@example.org", "escalation_hours": "2"},
    )
    assert good.status_code == 303
    assert alert_rules.duty_inbox() == "duty-team@example.org"

    alert = raise_for(worried)
    assert "duty-team@example.org" in [m.to for m in outbox()]
    alert.raised_at = now() - timedelta(hours=2, minutes=5)
    db.session.commit()
    assert "1 alert(s) open for over 2 hour(s)" in escalate(runner)


def test_escalation_hours_default_from_config(app):
    assert alert_rules.escalation_hours() == 4
    app.config["ALERT_ESCALATION_HOURS"] = "6"
    assert alert_rules.escalation_hours() == 6


def test_settings_and_outbox_are_for_managers_only(app, client, auth, iro, manager, worried):
    raise_for(worried)
    auth.login()
    assert client.get("/staff/alerts/settings").status_code == 403
    assert client.post("/staff/alerts/settings", data={"duty_inbox": "x@y.z"}).status_code == 403
    assert client.get("/staff/outbox").status_code == 403
    client.post("/staff/sign-out")
    auth.login("manager@example.org")
    page = text_of(client.get("/staff/outbox"))
    assert "i**@example.org" in page and "Kept in the outbox only" in page
