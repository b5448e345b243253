"""The IRO's side of a disclosure: the alert beside the answer, who to ring, the urgent tag gone
once acknowledged, and the IROs' labels exported for the next training run (issue 10)."""

import csv
import io
import re
from datetime import date

from app.extensions import db
from app.models import Answer, Invitation
from app.models.alerts import Alert
from app.models.themes import AnswerLabel
from tests.clock import TEST_DATE as TODAY
from tests.factories import make_user
from tests.safety_helpers import (
    alerts,
    invite,
    open_booklet,
    page_of,
    quiet_with_a_duty_phone,  # noqa: F401 (autouse)
    text_of,
)


def _not_safe_at_home(client, auth) -> tuple[Invitation, Alert]:
    """A child answers No to feeling safe where they live; their IRO signs in."""
    invitation = invite()
    open_booklet(client, invitation)
    client.post(f"/my-say/page/{page_of('middle', 'home_safe')}", data={"home_safe": "no"})
    (alert,) = alerts()
    auth.login()
    return invitation, alert


def test_the_alert_opens_beside_the_answer_with_who_to_ring(app, client, auth):
    invitation, alert = _not_safe_at_home(client, auth)
    anchor = f"answer-{invitation.id}-home_safe"
    caseload = client.get("/staff/").get_data(as_text=True)
    assert f'href="/staff/reviews/{invitation.review_id}#{anchor}"' in caseload
    panel = text_of(caseload.split('id="alerts"', 1)[1].split("</section>", 1)[0])
    assert "Placement contact Not recorded" in panel and "Social worker Not recorded" in panel
    review = client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True)
    assert re.search(rf'<div id="{anchor}" class="answer-row[^"]*flagged-urgent', review)
    assert "Answered “No”: the booklet treats this answer as urgent." in text_of(review)

    response = client.post(
        f"/staff/reviews/{invitation.review_id}/contacts",
        data={"placement_contact": "Sue Hill, foster carer, 07700 900222", "social_worker": ""},
    )
    assert response.status_code == 303
    panel = text_of(client.get("/staff/").get_data(as_text=True))
    assert "Placement contact Sue Hill, foster carer, 07700 900222" in panel
    assert "Social worker Not recorded" in panel
    page = text_of(client.get(f"/staff/alerts/{alert.id}").get_data(as_text=True))
    assert "Sue Hill, foster carer" in page


def test_acknowledging_clears_the_urgent_tag_and_new_harm_alerts_again(app, client, auth):
    invitation, alert = _not_safe_at_home(client, auth)
    assert "Kai Urgent" in text_of(client.get("/staff/").get_data(as_text=True))
    client.post(f"/staff/alerts/{alert.id}", data={"action_taken": "Rang the carer."})
    caseload = text_of(client.get("/staff/").get_data(as_text=True))
    assert "Urgent" not in caseload
    review = text_of(client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True))
    assert "urgent, dealt with" in review and "This booklet needs a person today" not in review

    # Something new and urgent in the same booklet is a new alert, not lost in the old one.
    # From the child's own phone: signing the IRO in on this browser ended the child's session.
    phone = app.test_client()
    open_booklet(phone, invitation)
    number = page_of("middle", "anything_else")
    phone.post(f"/my-say/page/{number}", data={"anything_else": "my dad hits me"})
    assert [a.acknowledged_at is None for a in alerts()] == [False, True]
    assert "Kai Urgent" in text_of(client.get("/staff/").get_data(as_text=True))


def _answer(invitation, key):
    db.session.expire_all()
    return db.session.scalars(
        db.select(Answer).filter_by(invitation_id=invitation.id, question_key=key)
    ).one()


def test_the_iro_labels_answers_and_managers_export_them_for_training(app, client, auth, runner):
    iro = make_user()
    invitation = invite(iro=iro)
    open_booklet(client, invitation)
    houses = {
        "house_worries": "my room is cold",
        "house_wishes": "secret words",
        "house_wishes-only-iro": "yes",
    }
    client.post(f"/my-say/page/{page_of('middle', 'house_worries')}", data=houses)
    words = {"anything_else": "my dad hits me at fifa every time"}
    client.post(f"/my-say/page/{page_of('middle', 'anything_else')}", data=words)
    missed, private = _answer(invitation, "house_worries"), _answer(invitation, "house_wishes")
    alarm = _answer(invitation, "anything_else")
    auth.login()
    base = f"/staff/reviews/{invitation.review_id}/answers"
    html = client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True)
    assert "Should have been urgent" in html and "Not urgent" in html
    assert client.post(f"{base}/{missed.id}/label", data={"label": "urgent"}).status_code == 303
    assert client.post(f"{base}/{alarm.id}/label", data={"label": "not_urgent"}).status_code == 303
    assert client.post(f"{base}/{private.id}/label", data={"label": "urgent"}).status_code == 303
    assert client.post(f"{base}/{alarm.id}/label", data={"label": "maybe"}).status_code == 400
    db.session.expire_all()
    labels = {label.answer_id: label for label in db.session.scalars(db.select(AnswerLabel))}
    assert labels[missed.id].urgent and not labels[alarm.id].urgent
    assert labels[missed.id].labelled_by_id == iro.id
    assert "You marked this: should have been urgent." in text_of(
        client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True)
    )

    # IROs do not download the council's labels; managers do, in the set's columns.
    assert client.get("/staff/labels.csv").status_code == 403
    client.post("/staff/sign-out")
    make_user(email="manager@example.org", role="manager", name="Morgan Lee")
    auth.login("manager@example.org")
    response = client.get("/staff/labels.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["text", "age", "category", "urgent", "themes", "split"]
    assert [(r["text"], r["urgent"]) for r in rows] == [
        ("my room is cold", "1"),
        ("my dad hits me at fifa every time", "0"),
    ]
    # Kai was born on 3 March 2013 (tests/safety_helpers.py); the age is on the suite's clock.
    today = TODAY
    age = today.year - 2013 - ((today.month, today.day) < (3, 3))
    assert rows[0]["category"] == "iro_should_have_been_urgent" and rows[0]["age"] == str(age)
    assert all(r["split"] in ("train", "dev", "test") for r in rows)

    result = runner.invoke(args=["themes", "export-labels"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "text,age,category,urgent,themes,split"
    assert "secret words" not in result.stdout
    assert "1 kept for the IRO only were left out" in result.stderr

    # Taking a mark off removes it from the next export.
    client.post("/staff/sign-out")
    auth.login()
    client.post(f"{base}/{alarm.id}/label", data={"label": "clear"})
    db.session.expire_all()
    assert db.session.scalars(db.select(AnswerLabel).filter_by(answer_id=alarm.id)).first() is None
