"""Every language a child may read My Say in is complete and in step with the code.

A child who chose Arabic must never meet an English sentence on the way: every string a child, a
parent or a carer reads (``translations/children.cfg``) is translated in every offered language,
the templates are not stale against the sources, and a language still waiting for its translator
is not offered at all (``PENDING``), said so in translations/README.md.
"""

import re

import pytest
from babel.messages.pofile import read_po

from app.domain import translations
from app.domain.translations import PENDING, REQUIRED, TRANSLATIONS_DIR
from tests.factories import make_app

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|\{[a-z_]+\}|</?[a-z]+[^>]*>")


def catalogue(code):
    with translations.po_path(code).open("rb") as f:
        return read_po(f, locale=code)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The templates extracted now from the sources, as ``flask translate extract`` makes them."""
    return translations.extract(out=tmp_path_factory.mktemp("pot"))


def test_committed_templates_match_the_sources(fresh):
    full, children = fresh
    assert translations.msgids(TRANSLATIONS_DIR / "messages.pot") == translations.msgids(full), (
        "run: flask --app wsgi translate extract && flask --app wsgi translate update"
    )
    assert translations.msgids(TRANSLATIONS_DIR / "children.pot") == translations.msgids(children)
    # The child-facing template is part of the full one: nothing a child reads escapes a
    # translator because it is only in one of the configs.
    assert translations.msgids(children) <= translations.msgids(full)


@pytest.mark.parametrize("code", sorted(set(REQUIRED) - PENDING))
def test_every_string_a_child_reads_is_translated(code):
    wanted = translations.msgids(TRANSLATIONS_DIR / "children.pot")
    cat = catalogue(code)
    missing = translations.untranslated(cat, wanted)
    assert not missing, f"{code}: {len(missing)} untranslated, e.g. {sorted(missing)[:3]}"
    # Not stale: the catalogue holds exactly the template's strings (flask translate update).
    assert {translations._key(m.id) for m in cat if m.id} == translations.msgids(
        TRANSLATIONS_DIR / "messages.pot"
    ), f"{code}: run flask --app wsgi translate update"


def test_welsh_translates_every_string_staff_pages_too():
    """Staff pages are in English and Welsh: a Welsh-speaking IRO never meets half a page in
    English, so every string of the full template is translated in ``cy``, plurals in every form."""
    cat = catalogue("cy")
    missing = translations.untranslated(cat, translations.msgids(TRANSLATIONS_DIR / "messages.pot"))
    assert not missing, f"cy: {len(missing)} untranslated, e.g. {sorted(missing)[:5]}"
    for message in cat:
        if isinstance(message.id, tuple):
            assert len(message.string) == cat.num_plurals, message.id


def placeholders(text: str, plural: bool = False) -> list[str]:
    found = sorted(PLACEHOLDER.findall(text))
    # One plural form may name the number in words ("un rhes") instead of %(num)d.
    return [p for p in found if p != "%(num)d"] if plural else found


@pytest.mark.parametrize("code", REQUIRED)
def test_translations_keep_the_placeholders_of_their_english(code):
    """A lost or misspelt %(name)s breaks the page (KeyError) or drops a child's name."""
    for message in catalogue(code):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            wanted = placeholders(message.id[1], plural=True)
            assert placeholders(message.id[0], plural=True) == wanted, message.id
            for form in message.string:
                if form:
                    assert placeholders(form, plural=True) == wanted, (code, message.id, form)
                    assert form.count("%(num)d") <= 1, (code, form)
        elif message.string:
            assert placeholders(message.id) == placeholders(message.string), (code, message.id)


def test_complete_languages_are_offered_and_pending_ones_are_not():
    offered = make_app().config["LANGUAGES"]
    assert offered[0] == "en"
    assert set(offered) == {"en"} | (set(REQUIRED) - PENDING)


def test_an_unfinished_catalogue_is_not_offered(tmp_path):
    """Half a booklet in English is worse than choosing English: missing strings keep it out."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    (tmp_path / "children.pot").write_bytes((TRANSLATIONS_DIR / "children.pot").read_bytes())
    wanted = sorted(translations.msgids(TRANSLATIONS_DIR / "children.pot"))
    for code, words in (("ar", wanted), ("pl", wanted[1:])):
        cat = Catalog(locale=code)
        for msgid in words:
            cat.add(msgid, "x " + msgid)
        translations.mo_path(code, tmp_path).parent.mkdir(parents=True)
        with translations.mo_path(code, tmp_path).open("wb") as f:
            write_mo(f, cat)
    assert translations.offered_languages(tmp_path) == ["en", "ar"]


def test_readme_says_the_state_of_every_language():
    readme = (TRANSLATIONS_DIR / "README.md").read_text(encoding="utf-8")
    for code in REQUIRED:
        (row,) = [line for line in readme.splitlines() if line.startswith(f"| `{code}` ")]
        state = "waiting for translation" if code in PENDING else "complete"
        assert state in row, row
        assert "native speaker: none yet" in row, row


def test_languages_are_named_in_their_own_script():
    assert translations.display_name("ar") == "العربية"
    assert translations.display_name("cy") == "Cymraeg"
    assert translations.display_name("ti") == "ትግርኛ"
    assert [code for code in REQUIRED if translations.is_rtl(code)] == [
        "ar", "fa", "fa_AF", "ps", "ckb", "ur"
    ]  # fmt: skip
