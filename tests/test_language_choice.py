"""Which language a child reads in: the invitation's (set by the IRO, changed by the child with
the switch and kept on the invitation), else the browser's, else English; and what the IRO sees of
words written in another language."""

import re

from babel.messages.pofile import read_po

from app.domain.themes.answers import suggest_for
from app.domain.translations import po_path
from app.extensions import db
from app.models import Answer, Invitation, Role, User
from app.models.jobs import BackgroundJob
from tests.factories import invitation_row, make_child, make_invitation, make_user, text_of


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


def english_left(page, language: str) -> list[str]:
    """Text on ``page`` that is still the English of a string ``language`` translates differently.

    An element's whole text is matched against each English string, its placeholders standing for
    any words, so a sentence is caught even with a name or a date filled in.
    """
    with po_path(language).open("rb") as f:
        catalogue = read_po(f, locale=language)
    exact, patterns = set(), []
    for message in catalogue:
        if not isinstance(message.id, str) or not message.string or message.string == message.id:
            continue
        literal = re.split(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}", message.id)
        if len(literal) == 1:
            exact.add(" ".join(message.id.split()))
        elif re.search(r"[A-Za-z]{3}", "".join(literal)):
            patterns.append(re.compile(".+?".join(re.escape(" ".join(p.split())) for p in literal)))
    body = page.body
    for hidden in body.select("script, style, [hidden]"):
        hidden.decompose()
    left = []
    for element in [body, *body.find_all(True)]:
        text = " ".join(element.get_text(" ").split())
        if text and (text in exact or any(p.fullmatch(text) for p in patterns)):
            left.append(text)
    return left


def test_staff_pages_are_english_or_welsh_only(app, client):
    page = client.get("/staff/sign-in", headers={"Accept-Language": "ar"}).page
    assert page.html["lang"] == "en"
    page = client.get("/staff/sign-in", headers={"Accept-Language": "cy"}).page
    assert page.html["lang"] == "cy"
    assert english_left(page, "cy") == []


def assert_welsh(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.page.html["lang"] == "cy", url
    assert english_left(response.page, "cy") == [], url


def test_an_iro_and_a_manager_who_chose_welsh_see_no_english(app, client, auth):
    iro = make_user()
    make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")
    child = make_child("C100", iro, name="Jo")
    review = child.reviews[0].id
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cy"
    auth.login()
    for url in ("/staff/", f"/staff/reviews/{review}", f"/staff/reviews/{review}/placement"):
        assert_welsh(client, url)
    # The check is not blind: the same caseload asked for in English is English.
    english = client.get("/staff/", headers={"Accept-Language": "en"}).page
    assert english.html["lang"] == "en" and english_left(english, "cy")

    auth.switch_to("manager@example.org")
    manager = db.session.execute(db.select(User).filter_by(role=Role.MANAGER)).scalar_one()
    # An import still checking its rows, and an annual pack ready to download.
    db.session.add_all(
        [
            BackgroundJob(
                id="checking", kind="import-preview", owner_id=manager.id, status="running",
                steps=2, step=0, label="checking", rows_done=120, rows_total=4000,
            ),
            BackgroundJob(
                id="ready", kind="pack-pdf", owner_id=manager.id, status="done", steps=2, step=2,
                params={"filename": "pack.pdf", "mimetype": "application/pdf"}, output=b"%PDF",
            ),
        ]
    )  # fmt: skip
    db.session.commit()
    for url in (
        "/managers/jobs/checking",
        "/managers/jobs/ready",
        "/managers/",
        "/managers/mappings",
        "/managers/reconcile",
        "/managers/by-hand",
        "/managers/by-hand/iro",
        "/managers/by-hand/placement",
        "/managers/caseloads",
    ):
        assert_welsh(client, url)
    progress = text_of(client.get("/managers/jobs/checking").page.main)
    assert "Cam 1 o 2: Yn gwirio pob rhes" in progress
    assert "120 o tua 4,000 rhes wedi'u gwirio" in progress


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


def test_an_import_with_conflicting_rows_reads_in_welsh(app, client, auth, manager, tmp_path):
    """The preview of a 903 file and the import after it, in Welsh: layout, counts, conflicts."""
    import io

    from tests.import_formats_helpers import csv_903

    app.config["PENDING_IMPORT_DIR"] = str(tmp_path / "pending")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cy"
    auth.login(email="manager@example.org")
    data = csv_903(extra_lines=["C1,01/01/2012,01/04/2023,PN1", "C3,03/03/2010,01/06/2023,PN4"])
    preview = client.post(
        "/managers/import",
        data={"file": (io.BytesIO(data), "reviews.csv"), "mapping": ""},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    assert preview.page.html["lang"] == "cy"
    assert english_left(preview.page, "cy") == []
    assert "Ffeil Adolygiadau 903, 8 rhes, 1 dyblygiad" in text_of(preview.page.main)
    done = client.post("/managers/import/confirm", data={"skip_conflicts": "yes"})
    assert done.status_code == 200
    assert english_left(done.page, "cy") == []
    assert "Fel y dewisoch, gadawyd 1 adolygiad â rhesi sy'n gwrthdaro allan" in text_of(done.page)
