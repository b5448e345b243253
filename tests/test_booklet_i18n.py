"""Booklet words are translatable: Babel extracts them from the booklet files, and a child whose
invitation is in another language reads the booklet in it."""

import io

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo

from app.domain.booklets.definitions import BOOKLET_DIR, load_file
from app.domain.booklets.i18n import extract_booklet
from app.extensions import db
from app.models import Invitation
from tests.factories import make_app, make_invitation, tables, text_of

MIDDLE = BOOKLET_DIR / "middle.yaml"


def extracted(path=MIDDLE) -> list[tuple]:
    with path.open("rb") as fileobj:
        return list(extract_booklet(fileobj, [], [], {}))


@pytest.mark.parametrize("path", [MIDDLE, BOOKLET_DIR / "teen.yaml"], ids=["middle", "teen"])
def test_extractor_yields_every_word_a_child_sees_with_its_line(path):
    booklet = load_file(path)
    found = extracted(path)
    messages = {message for _, _, message, _ in found}
    expected = {booklet.title}
    for page in booklet.pages:
        expected |= {page.title} | ({page.intro} if page.intro else set())
        # The words on a fold of optional questions (teen's words for people).
        expected |= {page.fold} if page.fold else set()
        for q in page.questions:
            expected |= {q.label} | ({q.hint} if q.hint else set())
            expected |= {label for _, label in q.options}
    assert expected <= messages
    # Keys, kinds and themes are for the program, not for translators.
    assert not messages & {"home_feel", "faces5", booklet.slug, "child"}

    lines = path.read_text(encoding="utf-8").splitlines()
    for lineno, funcname, message, comments in found:
        assert funcname is None
        assert message.split()[0] in lines[lineno - 1], (lineno, message)
        assert comments and comments[0].startswith(booklet.slug)


def test_extractor_says_where_the_words_are():
    first_q = load_file(MIDDLE).pages[0].questions[0]
    (comments,) = [c for _, _, m, c in extracted() if m == first_q.label]
    assert comments[0].endswith(f"/ {first_q.key} (label)")


def test_babel_runs_the_extractor_like_pybabel_does():
    """babel.cfg names the method; Babel calls it with the same arguments as ``pybabel extract``."""
    cfg = (BOOKLET_DIR.parent.parent / "translations" / "babel.cfg").read_text()
    assert "[mysay_booklet: app/booklets/**.yaml]" in cfg
    source = b"slug: tiny\nversion: 1\ntitle: Tiny\npages:\n  - key: p\n    title: Page one\n"
    found = list(
        extract("app.domain.booklets.i18n:extract_booklet", io.BytesIO(source), comment_tags=())
    )
    assert [(lineno, message) for lineno, message, *_ in found] == [(3, "Tiny"), (6, "Page one")]


def app_speaking(tmp_path, locale, translations: dict[str, str]):
    """The app with a catalogue for ``locale`` holding ``translations``, besides English."""
    catalog = Catalog(locale=locale)
    for english, translated in translations.items():
        catalog.add(english, translated)
    folder = tmp_path / "translations" / locale / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)
    return make_app(
        LANGUAGES=["en", locale], BABEL_TRANSLATION_DIRECTORIES=str(tmp_path / "translations")
    )


@pytest.fixture
def polish_app(tmp_path):
    """The app with a Polish catalogue holding one booklet question and one option."""
    middle = load_file(MIDDLE)
    question = next(q for q in middle.questions() if q.options)
    words = [question.label, question.options[0][1], middle.pages[0].title]
    with tables(app_speaking(tmp_path, "pl", {word: "PL: " + word for word in words})) as app:
        yield app, middle, question


def page_of(middle, question) -> int:
    return next(n for n, p in enumerate(middle.pages, start=1) if question in p.questions)


def test_booklet_words_show_in_the_invitations_language(polish_app):
    app, middle, question = polish_app
    client = app.test_client()
    link = make_invitation()
    invitation = db.session.get(Invitation, link.id)
    invitation.language = "pl"
    db.session.commit()
    client.get(f"/b/{link.token}")

    page = client.get(f"/my-say/page/{page_of(middle, question)}").page
    assert page.select_one("html")["lang"] == "pl"
    assert "PL: " + question.label in text_of(page)
    assert "PL: " + question.options[0][1] in text_of(page)
    first = client.get("/my-say/page/1").page
    assert first.select_one("h1").get_text() == "PL: " + middle.pages[0].title
    check = client.get("/my-say/check")
    assert "PL: " + question.label in text_of(check)


def test_english_invitation_and_unknown_language_stay_in_english(polish_app):
    app, middle, question = polish_app
    for n, language in enumerate(["en", "xx"]):
        client = app.test_client()
        review_link = make_invitation(ref=f"C9{n}", name="Sam")
        db.session.get(Invitation, review_link.id).language = language
        db.session.commit()
        client.get(f"/b/{review_link.token}")
        html = client.get(f"/my-say/page/{page_of(middle, question)}").get_data(as_text=True)
        assert question.label in html and "PL: " not in html


def test_own_words_fill_the_translated_label(tmp_path):
    """A label with {carer} is translated first, then the child's own word goes in."""
    from flask_babel import force_locale

    from app.domain.booklets.own_words import fill

    label = "Is there anything about living with {carer} you would like to change?"
    # Welsh, not Polish: Flask-Babel caches catalogues per locale for the whole process, and
    # the Polish one above would be reused.
    app = app_speaking(tmp_path, "cy", {label: "Czy chcesz coś zmienić w mieszkaniu z {carer}?"})
    with app.test_request_context(), force_locale("cy"):
        assert fill(label, {"carer": "Nan"}) == "Czy chcesz coś zmienić w mieszkaniu z Nan?"
    with app.test_request_context(), force_locale("en"):
        assert fill(label, {"carer": "Nan"}) == (
            "Is there anything about living with Nan you would like to change?"
        )
