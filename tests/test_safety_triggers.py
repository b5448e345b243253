"""No disclosure missed: choices the booklet marks urgent, worries and answers the engine cannot
read to read today, and idioms or harm that is over raising nothing (issue 10)."""

import re

import pytest

from app.domain.booklets.definitions import (
    BookletError,
    booklet_of,
    latest_version,
    parse_definition,
)
from app.extensions import db
from app.models.alerts import Alert, OutboxMessage
from tests.safety_helpers import (
    CHILD_BOOKLETS,
    alerts,
    flags,
    invite,
    open_booklet,
    page_of,
    quiet_with_a_duty_phone,  # noqa: F401 (autouse)
    text_of,
)


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


# Another language's words of harm raise the alert (test_urgent_languages.py); these say none.
@pytest.mark.parametrize("words", ["mój pies jest duży i głośny", "أحب القطط كثيرا", "😢🔪"])
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
