"""Which language a child reads in: the invitation's (set by the IRO, changed by the child with
the switch and kept on the invitation), else the browser's, else English; and what the IRO sees of
words written in another language."""

from app.domain.themes.answers import suggest_for
from app.extensions import db
from app.models import Answer, Invitation
from tests.factories import invitation_row, make_invitation, text_of


def in_language(link, language):
    invitation = db.session.get(Invitation, link.id)
    invitation.language = language
    db.session.commit()


def test_the_welcome_page_offers_every_language_in_its_own_script(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    page = client.get("/my-say").page
    options = {o["value"]: o.get_text() for o in page.select("#language-choice option")}
    assert options["ar"] == "العربية" and options["cy"] == "Cymraeg" and options["ti"] == "ትግርኛ"
    assert options["fa_AF"] == "دری"
    assert page.select_one("#language-choice option[selected]")["value"] == "en"


def test_the_choice_is_kept_on_the_link_and_answers_stay(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    response = client.post("/my-say/language", data={"language": "ar", "next": "/my-say"})
    assert response.status_code == 302 and response.headers["Location"] == "/my-say"
    assert invitation_row(link).language == "ar"
    page = client.get("/my-say").page
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    # Another phone opening the same link reads Arabic too: the choice is not in a cookie.
    other = app.test_client()
    other.get(f"/b/{link.token}")
    assert other.get("/my-say").page.html["lang"] == "ar"


def test_the_switch_never_redirects_elsewhere_nor_takes_an_unknown_language(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    for bad in ("//evil.example/my-say", "https://evil.example", "/staff"):
        response = client.post("/my-say/language", data={"language": "cy", "next": bad})
        assert response.headers["Location"] == "/my-say"
    client.post("/my-say/language", data={"language": "xx", "next": "/my-say"})
    assert invitation_row(link).language == "cy"


def test_pages_without_an_invitation_follow_the_browser_then_english(app, client):
    page = client.get("/", headers={"Accept-Language": "ti, en;q=0.5"}).page
    assert page.html["lang"] == "ti"
    page = client.get("/", headers={"Accept-Language": "fr"}).page
    assert page.html["lang"] == "en"


def test_staff_pages_are_english_or_welsh_only(app, client):
    page = client.get("/staff/sign-in", headers={"Accept-Language": "ar"}).page
    assert page.html["lang"] == "en"
    page = client.get("/staff/sign-in", headers={"Accept-Language": "cy"}).page
    assert page.html["lang"] == "cy"


def text_answer(link, words):
    """A text answer of the link's booklet, saved as the child wrote it."""
    from app.domain.booklets.definitions import booklet_of

    invitation = db.session.get(Invitation, link.id)
    question = next(q for q in booklet_of(invitation.booklet_version).questions() if q.is_text)
    answer = Answer(
        invitation_id=link.id,
        question_key=question.key,
        booklet_version_id=invitation.booklet_version_id,
    )
    answer.set_value(words, words=True)
    db.session.add(answer)
    db.session.commit()
    return invitation, question, answer


def test_words_from_a_booklet_not_in_english_are_flagged_not_checked(app):
    link = make_invitation()
    in_language(link, "cy")
    _, question, answer = text_answer(link, "Dw i'n hapus yn yr ysgol")
    assert suggest_for(answer, question=question).unreadable == "another_language"


def test_the_iro_sees_the_language_of_a_childs_words(app, client, auth):
    link = make_invitation()
    in_language(link, "ar")
    invitation, _, _ = text_answer(link, "أحب غرفتي")
    auth.login()
    page = client.get(f"/staff/reviews/{invitation.review_id}").page
    (words,) = [dd for dd in page.select("dd.words") if "أحب غرفتي" in dd.get_text()]
    assert words["lang"] == "ar"
    assert "Written in Arabic" in text_of(words)
    assert words.select_one("bdi").get_text() == "أحب غرفتي"
