"""No disclosure missed: choices the booklet marks urgent, worries and unreadable answers to read
today, help now that keeps what was typed, and the IRO's side (issue 10)."""

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest

from app.domain.booklets.definitions import (
    BookletError,
    booklet_of,
    latest_version,
    parse_definition,
)
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Answer, Child, Invitation, Review
from app.models.alerts import Alert, OutboxMessage
from app.models.themes import AnswerLabel, UrgentFlag
from tests.conftest import make_user

REVIEW_DATE = date.today() + timedelta(days=20)
CHILD_BOOKLETS = ("little", "middle", "teen", "moving_on", "easy")


@pytest.fixture(autouse=True)
def _nothing_leaves_the_machine(app):
    app.config.update(NOTIFY_API_KEY="", SMTP_HOST="", DUTY_PHONE="01632 960000")


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def invite(slug: str = "middle", iro=None, ref: str = "C-10") -> Invitation:
    from app.models import User

    iro = iro or db.session.scalars(db.select(User).filter_by(email="iro@example.org")).first()
    iro = iro or make_user()
    iro.phone = "07700 900111"
    child = Child(child_ref=ref, preferred_name="Kai", date_of_birth=date(2013, 3, 3), iro=iro)
    review = Review(child=child, review_date=REVIEW_DATE)
    db.session.add_all([child, review])
    invitation, token, _code = create(review, latest_version(slug))
    db.session.commit()
    invitation.token = token
    return invitation


def open_booklet(client, invitation: Invitation) -> None:
    assert client.get(f"/b/{invitation.token}").status_code == 302


def page_of(slug: str, key: str) -> int:
    booklet = booklet_of(latest_version(slug))
    return next(
        n for n, p in enumerate(booklet.pages, start=1) if any(q.key == key for q in p.questions)
    )


def alerts() -> list[Alert]:
    db.session.expire_all()
    return db.session.scalars(db.select(Alert).order_by(Alert.id)).all()


def flags() -> dict[str, UrgentFlag]:
    db.session.expire_all()
    return {f.question_key: f for f in db.session.scalars(db.select(UrgentFlag))}


def triggers() -> list[tuple[str, str, str]]:
    """(booklet, question, answer) for every answer a child booklet marks urgent."""
    found = []
    for slug in CHILD_BOOKLETS:
        for question in booklet_of(latest_version(slug)).questions():
            found += [(slug, question.key, value) for value in question.urgent_answers]
    return found


# Structured triggers in the booklets


def test_every_child_booklet_asks_if_they_feel_safe_at_home_with_family_and_at_school(app):
    for slug in CHILD_BOOKLETS:
        booklet = booklet_of(latest_version(slug))
        urgent = {q.key for q in booklet.questions() if q.urgent_answers}
        assert {"home_safe", "family_safe"} <= urgent, slug
        assert urgent & {"school_safe", "work_safe"}, slug
        # And a "someone is hurting me" kind of question.
        assert urgent & {"someone_hurting", "keeping_safe"}, slug
        for key in ("home_safe", "family_safe"):
            question = booklet.question(key)
            assert question.urgent_answers == ("no",) and question.worry_answers == ("not_sure",)


@pytest.mark.parametrize(
    ("slug", "key", "value"),
    [
        ("middle", "home_safe", "no"),
        ("middle", "family_safe", "no"),
        ("middle", "school_safe", "no"),
        ("middle", "keeping_safe", "hurting"),
        ("little", "someone_hurting", "yes"),
        ("teen", "keeping_safe", "online"),
        ("moving_on", "work_safe", "no"),
        ("easy", "home_safe", "no"),
    ],
)
def test_an_urgent_choice_raises_the_alert_and_says_why(app, client, slug, key, value):
    invitation = invite(slug)
    open_booklet(client, invitation)
    question = booklet_of(latest_version(slug)).question(key)
    answer = [value] if question.kind == "choose_many" else value
    response = client.post(f"/my-say/page/{page_of(slug, key)}", data={key: answer})
    # The child is shown what to do now, as after urgent words.
    assert response.location == "/my-say/told-today"
    page = text_of(client.get("/my-say/told-today").get_data(as_text=True))
    assert "Your IRO will be told today" in page and "0800 1111" in page
    assert "07700 900111" in page and "01632 960000" in page
    (alert,) = alerts()
    words = {"no": "No", "yes": "Yes"}.get(value) or dict(question.options)[value]
    assert alert.reason == f"Answered {words} to: {question.label}"
    flag = flags()[key]
    assert flag.level == "urgent" and flag.source == "choice" and flag.evidence == [value]
    sent = db.session.scalars(db.select(OutboxMessage)).all()
    assert {m.to for m in sent} >= {"iro@example.org"}
    # Never the child's answer in a message.
    assert all(question.label not in m.body for m in sent)


def test_every_urgent_answer_of_every_booklet_raises_an_alert(app):
    from app.domain.themes.flags import flag_choice

    cases = triggers()
    assert len(cases) >= 20
    for number, (slug, key, value) in enumerate(cases):
        invitation = invite(slug, ref=f"T-{number}")
        question = booklet_of(invitation.booklet_version).question(key)
        flag_choice(invitation, question, [value] if question.kind == "choose_many" else value)
        db.session.commit()
        raised = db.session.scalars(db.select(Alert).filter_by(invitation_id=invitation.id)).all()
        assert len(raised) == 1, (slug, key, value)


def test_a_worrying_answer_is_read_today_without_an_alert(app, client, auth):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "home_safe")
    response = client.post(f"/my-say/page/{number}", data={"home_safe": "not_sure"})
    assert response.location == f"/my-say/page/{number + 1}"
    assert alerts() == []
    flag = flags()["home_safe"]
    assert flag.level == "read_today" and flag.evidence == ["not_sure"]

    auth.login()
    caseload = text_of(client.get("/staff/").get_data(as_text=True))
    assert "Kai Read today" in caseload and "Urgent" not in caseload
    review = client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True)
    row = review.split(f'id="answer-{invitation.id}-home_safe"', 1)[1].split("</div>", 1)[0]
    assert "flagged-read-today" in review and "a worry to read today" in text_of(row)
    response = client.post(f"/staff/reviews/{invitation.review_id}/flags/{flag.id}/read")
    assert response.status_code == 303
    assert flags()["home_safe"].checked_at is not None
    assert "Read today" not in text_of(client.get("/staff/").get_data(as_text=True))


def test_changing_not_sure_to_no_raises_the_alert(app, client):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "home_safe")
    client.post(f"/my-say/page/{number}", data={"home_safe": "not_sure"})
    assert client.post(f"/my-say/page/{number}", data={"home_safe": "no"}).location == (
        "/my-say/told-today"
    )
    assert flags()["home_safe"].level == "urgent" and len(alerts()) == 1


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ({"urgent_answers": ["never"]}, "'never', which is not one of its answers"),
        ({"urgent_answers": "no"}, "must be a list of the question's answers"),
        ({"urgent_answers": ["no"], "worry_answers": ["no"]}, "both urgent and a worry"),
        ({"kind": "long_text", "urgent_answers": ["no"]}, "only for questions with choices"),
    ],
)
def test_the_booklet_loader_checks_urgent_and_worry_answers(question, message):
    definition = {
        "slug": "t",
        "version": 1,
        "title": "T",
        "pages": [
            {"questions": [{"key": "safe", "kind": "yes_no_unsure", "label": "Safe?", **question}]}
        ],
    }
    with pytest.raises(BookletError, match=re.escape(message)):
        parse_definition(definition, "t.yaml")


def test_yaml_no_and_yes_are_the_answers_not_true_and_false():
    import yaml

    data = yaml.safe_load(
        "slug: t\nversion: 1\ntitle: T\npages:\n  - questions:\n"
        "      - {key: hurt, kind: yes_no_unsure, label: Is someone hurting you, urgent_answers: [yes],"
        " worry_answers: [not_sure]}\n"
    )
    question = parse_definition(data).question("hurt")
    assert question.urgent_answers == ("yes",)


# Words: what must alert, what must not, and what cannot be read


@pytest.mark.parametrize(
    "words",
    [
        "i hit the jackpot on the 2p machines at the seaside",
        "my dad used to hit me when i was little but i havent seen him for years and im safe now",
    ],
)
def test_an_idiom_or_a_resolved_past_harm_raises_no_alert(app, client, words):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "anything_else")
    response = client.post(f"/my-say/page/{number}", data={"anything_else": words})
    assert response.location == "/my-say/check"
    assert alerts() == [] and flags() == {}


def test_words_the_lexicon_does_not_know_still_alert(app, client, auth):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "anything_else")
    words = "they make me sleep on the kitchen floor"
    assert client.post(f"/my-say/page/{number}", data={"anything_else": words}).location == (
        "/my-say/told-today"
    )
    flag = flags()["anything_else"]
    assert flag.level == "urgent" and flag.evidence == [] and "floor" in flag.model_words
    auth.login()
    review = client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True)
    row = text_of(
        review.split(f'id="answer-{invitation.id}-anything_else"', 1)[1].split("</div>")[0]
    )
    assert "The classifier weighed most: sleep" in row or "The classifier weighed most:" in row
    assert "floor" in row and "likely urgent" in row


@pytest.mark.parametrize("words", ["mój tata mnie bije kiedy pije", "أبي يضربني كل يوم", "😢🔪"])
def test_an_answer_the_engine_cannot_read_is_flagged_not_checked(app, client, auth, words):
    invitation = invite()
    open_booklet(client, invitation)
    number = page_of("middle", "house_worries")
    client.post(f"/my-say/page/{number}", data={"house_worries": words})
    flag = flags()["house_worries"]
    assert flag.level == "read_today" and flag.source == "not_checked"
    assert alerts() == []
    auth.login()
    assert "Kai Read today" in text_of(client.get("/staff/").get_data(as_text=True))
    review = text_of(client.get(f"/staff/reviews/{invitation.review_id}").get_data(as_text=True))
    assert "read today" in review and "Not checked for risk." in review
    assert "Please read it today." in review


# Help now


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


# The IRO's side


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
    number = page_of("middle", "anything_else")
    client.post(f"/my-say/page/{number}", data={"anything_else": "my dad hits me"})
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
        "house_worries": "i am scared of the lady upstairs",
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
        ("i am scared of the lady upstairs", "1"),
        ("my dad hits me at fifa every time", "0"),
    ]
    assert rows[0]["category"] == "iro_should_have_been_urgent" and rows[0]["age"] == "13"
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
