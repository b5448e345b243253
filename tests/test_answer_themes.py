"""Themes on children's answers: suggested when saved, decided by the IRO, counted in reports;
urgent answers and "I want my IRO to know today" reach a person and show the child what to do."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import create
from app.domain.themes.answers import decide, suggest_for
from app.extensions import db
from app.models import Answer, Child, Invitation, Review, Team, User
from app.models.alerts import Alert
from app.models.themes import AnswerTheme, UrgentFlag
from tests.clock import now
from tests.factories import (
    answers_of,
    invitation_row,
    make_invitation,
    make_user,
    report_csv,
    text_of,
)

MUM_AND_FOOTBALL = "I miss my mum and I want to go to football club"
HURT = "he hits me when I am bad"


def page_number(key: str) -> int:
    """The page number of a question in the middle booklet, whatever its wording is now."""
    booklet = booklet_of(latest_version("middle"))
    for number, page in enumerate(booklet.pages, start=1):
        if any(q.key == key for q in page.questions):
            return number
    raise LookupError(key)


def themes_of(link_id: int, key: str) -> dict[str, AnswerTheme]:
    db.session.expire_all()
    answer = db.session.execute(
        db.select(Answer).filter_by(invitation_id=link_id, question_key=key)
    ).scalar_one()
    return {row.theme: row for row in answer.themes}


@pytest.fixture
def opened(client, app):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    return link


def test_saving_words_suggests_themes_with_the_words_behind_them(client, opened):
    number = page_number("family_who")
    response = client.post(
        f"/my-say/page/{number}",
        data={"family_time_more": "more", "family_who": MUM_AND_FOOTBALL, "action": "next"},
    )
    assert response.location == f"/my-say/page/{number + 1}"
    themes = themes_of(opened.id, "family_who")
    assert set(themes) == {"family_time", "activities"}
    assert {row.status for row in themes.values()} == {"suggested"}
    assert themes["family_time"].evidence == ["mum"]
    assert "football" in themes["activities"].evidence
    # A choice is not words: nothing to suggest, nothing stored.
    assert not themes_of(opened.id, "family_time_more")
    assert invitation_row(opened).urgent_at is None


def test_changed_words_replace_suggestions_but_keep_the_iros_decisions(client, opened, app):
    number = page_number("family_who")

    def say(text):
        client.post(f"/my-say/page/{number}", data={"family_who": text, "action": "next"})
        return themes_of(opened.id, "family_who")

    say(MUM_AND_FOOTBALL)
    answer = answers_of(opened)["family_who"]
    iro = db.session.execute(db.select(User)).scalars().first()
    decide(answer, {"family_time"}, iro)
    db.session.commit()

    themes = say("I have lots of friends at school and I love football")
    statuses = {theme: row.status for theme, row in themes.items()}
    assert statuses == {
        "family_time": "confirmed",  # kept, though "mum" is no longer there
        "activities": "removed",  # the IRO said no: the same words do not bring it back
        "friends": "suggested",
        "school": "suggested",
    }
    assert themes["family_time"].decided_by_id == iro.id

    themes = say("I like my teacher")
    assert {t: r.status for t, r in themes.items()} == {
        "family_time": "confirmed",
        "activities": "removed",
        "school": "suggested",
    }
    assert themes["school"].evidence == ["teacher"]


def test_deleting_words_deletes_their_themes(client, opened):
    number = page_number("family_who")
    client.post(f"/my-say/page/{number}", data={"family_who": MUM_AND_FOOTBALL})
    assert db.session.scalar(db.select(db.func.count(AnswerTheme.id))) == 2
    client.post(f"/my-say/page/{number}", data={"family_who": ""})
    assert "family_who" not in answers_of(opened)
    assert db.session.scalar(db.select(db.func.count(AnswerTheme.id))) == 0


def test_urgent_answer_alerts_and_shows_the_child_what_to_do_now(client, opened):
    number = page_number("house_worries")
    response = client.post(
        f"/my-say/page/{number}",
        data={"house_good": "my dog", "house_worries": HURT, "action": "next"},
    )
    assert response.location == "/my-say/told-today"
    page = client.get("/my-say/told-today").get_data(as_text=True)
    assert "Your IRO will be told today" in page
    assert "999" in page and "0800 1111" in page
    assert "adult you trust" in page
    # Carry on where they were going: nothing they wrote is lost.
    assert f'href="/my-say/page/{number + 1}"' in page
    answers = answers_of(opened)
    assert answers["house_good"].value == "my dog"
    assert answers["house_worries"].value == HURT

    invitation = invitation_row(opened)
    assert invitation.urgent_at is not None
    flag = db.session.execute(db.select(UrgentFlag)).scalar_one()
    assert flag.question_key == "house_worries" and flag.evidence == ["hits me"]
    assert themes_of(opened.id, "house_worries")["safety"].status == "suggested"
    # The alert says why in staff words, never in the child's.
    alert = db.session.execute(db.select(Alert)).scalar_one()
    assert "hits" not in alert.reason.lower()

    # Their page opens again with their words in it.
    page = client.get(f"/my-say/page/{number + 1}")
    assert page.status_code == 200


def test_urgent_words_stay_for_the_iro_when_the_child_deletes_them(client, opened):
    number = page_number("house_worries")
    client.post(f"/my-say/page/{number}", data={"house_worries": HURT})
    client.post(f"/my-say/page/{number}", data={"house_worries": ""})
    assert "house_worries" not in answers_of(opened)
    assert db.session.execute(db.select(UrgentFlag)).scalar_one().evidence == ["hits me"]
    assert invitation_row(opened).urgent_at is not None


def test_urgent_answer_saved_for_later_still_shows_what_to_do(client, opened):
    number = page_number("house_worries")
    response = client.post(
        f"/my-say/page/{number}", data={"house_worries": HURT, "action": "later"}
    )
    assert response.location == "/my-say/told-today"
    page = client.get("/my-say/told-today").get_data(as_text=True)
    assert "0800 1111" in page and "open your link again" in page
    assert "Carry on with my booklet" not in page
    with client.session_transaction() as session:
        assert "invitation_id" not in session  # a shared phone forgets the booklet
    assert invitation_row(opened).last_page == number


def test_urgent_answer_on_a_page_with_a_mistake_is_shown_once_it_is_fixed(client, opened):
    number = page_number("anything_else")
    response = client.post(
        f"/my-say/page/{number}", data={"anything_else": HURT, "share_words": "maybe"}
    )
    assert response.status_code == 400
    assert answers_of(opened)["anything_else"].value == HURT
    assert invitation_row(opened).urgent_at is not None
    response = client.post(
        f"/my-say/page/{number}", data={"anything_else": HURT, "share_words": "yes"}
    )
    assert response.location == "/my-say/told-today"
    assert "/my-say/check" in client.get("/my-say/told-today").get_data(as_text=True)


def test_child_can_ask_for_their_iro_to_know_today(client, opened):
    page = client.get("/my-say/check").get_data(as_text=True)
    assert "I want my IRO to know today that something is worrying me" in page
    assert 'action="/my-say/know-today"' in page
    assert invitation_row(opened).urgent_at is None

    response = client.post("/my-say/know-today")
    assert response.location == "/my-say/told-today"
    assert "Your IRO will be told today" in client.get("/my-say/told-today").get_data(as_text=True)
    invitation = invitation_row(opened)
    assert invitation.urgent_at is not None
    assert [f.asked for f in invitation.urgent_flags] == [True]
    alert = db.session.execute(db.select(Alert)).scalar_one()
    assert alert.reason == "The child asked for their IRO to know today"
    page = client.get("/my-say/check").get_data(as_text=True)
    assert "You asked for your IRO to know today" in page
    assert 'action="/my-say/know-today"' not in page


def test_calm_page_is_only_for_a_child_who_just_told_us(client, opened):
    assert client.get("/my-say/told-today").location == "/help"
    with client.session_transaction() as session:
        session.clear()
    assert client.post("/my-say/know-today").status_code == 403


# The IRO's review page.


@pytest.fixture
def sent(app, iro):
    """A sent booklet with words in two answers, one kept only for the IRO."""
    link = make_invitation()
    invitation = db.session.get(Invitation, link.id)
    version = invitation.booklet_version_id
    for key, text, private in (
        ("family_who", MUM_AND_FOOTBALL, False),
        ("anything_else", "I have lots of friends at school", True),
    ):
        answer = Answer(
            invitation_id=invitation.id,
            question_key=key,
            value=text,
            booklet_version_id=version,
            only_iro=private,
        )
        db.session.add(answer)
        suggest_for(answer)
    invitation.submitted_at = now()
    db.session.commit()
    return invitation


def marks(page) -> list[str]:
    """The child's words a page marks as what suggested a theme."""
    return [mark.get_text() for mark in page.select("mark")]


def _answer(invitation, key) -> Answer:
    db.session.expire_all()
    return next(a for a in invitation.answers if a.question_key == key)


def test_iro_sees_suggestions_and_the_words_behind_them(client, auth, sent):
    auth.login()
    page = client.get(f"/staff/reviews/{sent.review_id}").page
    assert "Seeing or contacting parents" in text_of(page)
    marked = marks(page)
    assert "mum" in marked and "football" in marked
    assert "friends" in marked  # the IRO may read what was kept for them
    # One form and one save for every answer's themes, not one per answer.
    assert text_of(page).count("Save all themes") == 1
    assert len(page.select('form[action$="/themes"]')) == 1
    assert len(page.select('input[name^="themes-"]')) > 2


def test_iro_confirms_removes_and_adds_themes(client, auth, sent, iro):
    auth.login()
    answer = _answer(sent, "family_who")
    private = _answer(sent, "anything_else")
    url = f"/staff/reviews/{sent.review_id}/themes"
    response = client.post(
        url,
        data={
            "shown": f"{answer.id},{private.id}",
            f"themes-{answer.id}": ["family_time", "school"],
            f"themes-{private.id}": ["friends"],
        },
    )
    assert response.status_code == 303
    assert response.location.endswith("#themes")
    private_themes = {r.theme: r.status for r in _answer(sent, "anything_else").themes}
    assert private_themes["friends"] == "confirmed"
    assert set(private_themes.values()) <= {"confirmed", "removed"}  # the one save decides all
    themes = {row.theme: row for row in _answer(sent, "family_who").themes}
    assert {t: r.status for t, r in themes.items()} == {
        "family_time": "confirmed",
        "activities": "removed",
        "school": "confirmed",
    }
    assert themes["school"].evidence == [] and themes["school"].decided_by_id == iro.id
    assert themes["family_time"].decided_at is not None
    page = client.get(f"/staff/reviews/{sent.review_id}").get_data(as_text=True)
    assert "Themes saved" in page and "confirmed" in page


def test_unknown_theme_is_refused_and_changes_nothing(client, auth, sent):
    auth.login()
    answer = _answer(sent, "family_who")
    url = f"/staff/reviews/{sent.review_id}/themes"
    data = {"shown": str(answer.id), f"themes-{answer.id}": ["family_time", "pets"]}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "Choose themes from the lists shown" in response.get_data(as_text=True)
    assert {r.status for r in _answer(sent, "family_who").themes} == {"suggested"}


def test_other_iros_and_managers_cannot_decide_what_is_not_theirs(client, auth, sent, manager):
    make_user(email="other@example.org", name="Other IRO")
    answer = _answer(sent, "family_who")
    private = _answer(sent, "anything_else")
    auth.login("other@example.org")
    url = f"/staff/reviews/{sent.review_id}/themes"
    data = {"shown": str(answer.id), f"themes-{answer.id}": ["school"]}
    assert client.post(url, data=data).status_code == 404
    assert client.get(f"/staff/reviews/{sent.review_id}").status_code == 404

    auth.switch_to("manager@example.org")
    page = client.get(f"/staff/reviews/{sent.review_id}").page
    assert "mum" in marks(page)
    assert "friends" not in marks(page)  # kept for the IRO: the manager sees no words
    assert "lots of friends" not in str(page)
    # The manager's form has no boxes for words kept for the IRO: a post naming them changes nothing.
    data = {"shown": f"{answer.id},{private.id}", f"themes-{private.id}": ["school"]}
    assert client.post(url, data=data).status_code == 303
    assert {r.status for r in _answer(sent, "anything_else").themes} == {"suggested"}
    assert "removed" in {r.status for r in _answer(sent, "family_who").themes}


def test_a_choice_answer_has_no_themes_to_decide(client, auth, sent):
    auth.login()
    choice = Answer(
        invitation_id=sent.id,
        question_key="family_time_more",
        value="more",
        booklet_version_id=sent.booklet_version_id,
    )
    db.session.add(choice)
    db.session.commit()
    url = f"/staff/reviews/{sent.review_id}/themes"
    data = {"shown": str(choice.id), f"themes-{choice.id}": ["home"]}
    assert client.post(url, data=data).status_code == 303
    assert _answer(sent, "family_time_more").themes == []


# The themes report.

FROM, TO = date(2023, 4, 1), date(2024, 3, 31)


@pytest.fixture
def themed_year(app):
    """Children's sent booklets with known themes, and some that must not count."""
    north, south = Team(name="North"), Team(name="South")
    db.session.add_all([north, south])
    version = latest_version("middle")

    def booklet(ref, team, day, themes, sent=True, respondent="child"):
        child = db.session.execute(db.select(Child).filter_by(child_ref=ref)).scalar()
        if child is None:
            child = Child(child_ref=ref, date_of_birth=date(2014, 1, 1))
            db.session.add(child)
            db.session.flush()
        review = db.session.execute(
            db.select(Review).filter_by(child_id=child.id, review_date=day)
        ).scalar() or Review(child=child, review_date=day, team=team)
        db.session.add(review)
        invitation, _, _ = create(review, version, respondent=respondent)
        invitation.submitted_at = now() if sent else None
        for n, answer_themes in enumerate(themes):
            answer = Answer(
                invitation=invitation,
                question_key=f"q{n}",
                value="words",
                booklet_version_id=version.id,
            )
            for theme, status in answer_themes.items():
                answer.themes.append(AnswerTheme(theme=theme, status=status, evidence=[]))
            db.session.add(answer)

    day = date(2023, 6, 1)
    booklet(
        "A",
        north,
        FROM,
        [
            {"family_time": "confirmed", "school": "suggested", "activities": "removed"},
            {"family_time": "suggested"},
        ],
    )
    booklet("A", north, FROM, [{"health": "confirmed"}], respondent="carer")
    booklet("B", south, TO, [{"school": "confirmed", "safety": "suggested"}])
    booklet("C", None, day, [])
    booklet("D", north, day, [{"family_time": "confirmed"}], sent=False)
    booklet("E", south, TO + timedelta(days=1), [{"school": "confirmed"}])
    db.session.commit()


def report_rows(runner, name):
    return report_csv(runner, name, "--from", FROM.isoformat(), "--to", TO.isoformat())


def test_themes_report_counts_confirmed_and_suggested_apart(runner, themed_year):
    rows = report_rows(runner, "themes")
    assert rows[0] == [
        "Theme",
        "Description",
        "Mentions (confirmed)",
        "Mentions (suggested, not yet confirmed)",
        "Children raising it",
        "% of children",
    ]
    by_theme = {row[0]: row[2:] for row in rows[1:]}
    assert [row[0] for row in rows[1:15]] == [
        "home", "family_time", "friends", "school", "health", "social_worker", "review",
        "activities", "money", "identity", "independence", "safety", "moving", "immigration",
    ]  # fmt: skip
    assert rows[2][1] == (
        "Seeing or contacting parents, brothers, sisters, relatives, former carers"
    )
    # Three children sent a booklet for a review in range: A, B and C.
    assert by_theme["family_time"] == ["1", "1", "1", "33.3"]
    assert by_theme["school"] == ["1", "1", "2", "66.7"]
    assert by_theme["safety"] == ["0", "1", "1", "33.3"]
    assert by_theme["activities"] == ["0", "0", "0", "0.0"]  # removed by the IRO
    assert by_theme["health"] == ["0", "0", "0", "0.0"]  # only a carer's booklet said it
    for theme in ("home", "friends", "social_worker", "review", "money", "identity"):
        assert by_theme[theme] == ["0", "0", "0", "0.0"]
    assert rows[-2] == ["Any theme", "", "2", "3", "2", "66.7"]
    assert rows[-1] == ["Children with a sent booklet", "", "", "", "3", "100.0"]
    assert len(rows) == 1 + 14 + 2


def test_themes_by_team_report(runner, themed_year):
    rows = report_rows(runner, "themes-by-team")
    header = rows[0]
    assert header[:2] == ["Team", "Children with a sent booklet"]
    assert header[-1] == "Suggestions not yet confirmed"
    table = {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows[1:]}
    assert [row[0] for row in rows[1:]] == ["North", "South", "Not recorded", "Total"]
    nonzero = {team: {k: v for k, v in cells.items() if v != "0"} for team, cells in table.items()}
    assert nonzero == {
        "North": {
            "Children with a sent booklet": "1",
            "family_time": "1",
            "school": "1",
            "Suggestions not yet confirmed": "2",
        },
        "South": {
            "Children with a sent booklet": "1",
            "school": "1",
            "safety": "1",
            "Suggestions not yet confirmed": "1",
        },
        "Not recorded": {"Children with a sent booklet": "1"},
        "Total": {
            "Children with a sent booklet": "3",
            "family_time": "1",
            "school": "2",
            "safety": "1",
            "Suggestions not yet confirmed": "3",
        },
    }


def test_themes_report_with_no_booklets_leaves_percentages_empty(runner, app):
    rows = report_rows(runner, "themes")
    assert rows[2] == [
        "family_time",
        rows[2][1],
        "0",
        "0",
        "0",
        "",
    ]
    assert rows[-1] == ["Children with a sent booklet", "", "", "", "0", ""]
