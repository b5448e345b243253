"""Words of harm in the other languages of the booklets (lexicons/urgent/): a child new to English
who writes "Chcę się zabić" or "أبي يضربني" is urgent, by the command and in the app, while
ordinary answers in the same language are not.

The answers are worded afresh here, not copied from the lexicon files: with and without
diacritics, dialect and first and third person, as children write.
"""

import json

import pytest

from app.commands.themes import themes_group
from app.domain.themes.languages import urgent_languages
from app.domain.themes.lexicon import load_lexicon
from app.domain.themes.terms import LexiconError
from app.extensions import db
from tests.other_language_answers import ANSWERS
from tests.safety_helpers import (
    alerts,
    flags,
    invite,
    open_booklet,
    page_of,
    quiet_with_a_duty_phone,  # noqa: F401 (autouse)
)


@pytest.fixture
def cli(runner, app):
    if "themes" not in app.cli.commands:
        app.cli.add_command(themes_group)
    return runner


def classified(cli, answers: list[str], *language: str) -> list[dict]:
    args = ["themes", "classify"] + (["--language", *language] if language else [])
    result = cli.invoke(args=args, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["text"] for record in records] == answers
    assert all(list(record) == ["text", "themes", "urgent"] for record in records)
    return records


def test_every_booklet_language_has_urgent_words_and_answers_here():
    booklet_languages = {"cy", "ar", "fa", "ps", "ckb", "ti", "am", "so", "ur", "uk", "pl"}
    booklet_languages |= {"ro", "sq", "vi", "pt"}
    assert set(urgent_languages()) == booklet_languages == set(ANSWERS)
    for urgent, ordinary in ANSWERS.values():
        assert len(urgent) >= 6 and len(ordinary) >= 6


@pytest.mark.parametrize("language", sorted(ANSWERS))
@pytest.mark.parametrize("given", [True, False], ids=["with --language", "without"])
def test_harm_in_another_language_is_urgent_and_ordinary_answers_are_not(cli, language, given):
    urgent, ordinary = ANSWERS[language]
    records = classified(cli, urgent + ordinary, *([language] if given else []))
    missed = [r["text"] for r in records[: len(urgent)] if not r["urgent"]]
    alarmed = [r["text"] for r in records[len(urgent) :] if r["urgent"]]
    assert (missed, alarmed) == ([], [])
    # An urgent answer is about safety, as in English.
    assert all("safety" in r["themes"] for r in records[: len(urgent)])


def test_the_command_says_which_words_it_uses_for_a_language(cli):
    result = cli.invoke(args=["themes", "classify", "--language", "pl"], input="Chcę umrzeć\n")
    assert result.exit_code == 0
    assert "using 'en', with urgent words in 'pl' too" in result.stderr
    assert json.loads(result.stdout)["urgent"] is True


def test_dari_booklets_use_the_persian_words(cli):
    (record,) = classified(cli, ["از پدرم میترسم، مرا لت میکند"], "fa_AF")
    assert record["urgent"] is True


def test_letters_typed_without_their_marks_or_on_another_keyboard_still_match(cli):
    answers = ["CHCE SIE ZABIC", "chcę się zabić", "ابى يضربنى", "أبـــي يضـــربني"]
    answers += ["بابام منو مي‌زنه", "بابام منو ميزنه"]
    assert [r["urgent"] for r in classified(cli, answers)] == [True] * len(answers)


def test_an_answer_with_a_few_words_that_look_english_is_still_read_for_other_languages(cli):
    # "way" and "i" are English words too: half the words is not enough to call it English.
    answers = ["hooyaday way i garaacdaa", "mama ma bate", "pai me bate"]
    assert [r["urgent"] for r in classified(cli, answers)] == [True] * len(answers)


def test_a_negation_straight_before_the_verb_is_not_urgent(cli):
    answers = ["nie bije mnie", "Tata mnie nie bije", "ما يضربني", "ninguém me bate"]
    answers += ["ma bate", "nu ma bate nimeni", "Tata nie bije mnie. Bije mnie wujek"]
    urgent = [r["urgent"] for r in classified(cli, answers, "pl")]
    # The last one says who does hit: negation only clears the words it stands before.
    assert urgent == [False, False, False, False, True, False, True]


# "I don't want to live" in the middle of what a child writes, with more words after it.
NOT_WANTING_TO_LIVE = {
    "cy": "Weithiau dwi ddim eisiau byw achos mae popeth yn ofnadwy",
    "pt": "Às vezes não quero viver porque ninguém gosta de mim",
    "ro": "Uneori nu vreau să trăiesc pentru că nimeni nu mă iubește",
    "sq": "Ndonjëherë nuk dua të jetoj sepse askush nuk më do",
    "uk": "Іноді я не хочу жити, бо мене ніхто не любить",
    "vi": "Nhiều lúc con không muốn sống vì không ai thương con",
}


@pytest.mark.parametrize("language", sorted(NOT_WANTING_TO_LIVE))
def test_not_wanting_to_live_is_urgent_wherever_it_comes_in_the_answer(cli, language):
    words = NOT_WANTING_TO_LIVE[language]
    answers = [words, f"{words}.", f"{words} Ajuda. Help"]
    for given in ([language], []):
        assert [r["urgent"] for r in classified(cli, answers, *given)] == [True] * 3, given


def test_a_negation_in_the_clause_before_does_not_clear_harm_after_it(cli):
    # "No, my stepfather hits me": punctuation between the two is not in the words the lexicon
    # reads, and read as one phrase they said "doesn't hit me".
    answers = ["Nie, bije mnie ojczym", "Mama nie. Bije mnie ojczym", "Não, me bate todo dia"]
    answers += ["Nu, mă bate tata", "Мама не, б'є мене вітчим", "Mẹ thì không, đánh con là bố"]
    answers += ["لا، يضربني كل يوم", "Nie - bije mnie"]
    assert [r["urgent"] for r in classified(cli, answers)] == [True] * len(answers)
    # Within one clause the negation still says what it did.
    quiet = ["tata nie bije mnie, jest dobry", "bố không đánh con.", "Não me bate!"]
    assert [r["urgent"] for r in classified(cli, quiet)] == [False] * len(quiet)


def test_an_urgent_pattern_tied_to_the_end_of_the_answer_is_refused(tmp_path):
    path = tmp_path / "xx.yaml"
    for pattern in (r"\bnao quero viver( mais)?$", r"^ma bate", r"ma bate\Z"):
        path.write_text(f"urgent:\n  - 're:{pattern}'\n", encoding="utf-8")
        with pytest.raises(LexiconError, match=r"xx\.yaml, urgent.*the pattern .* start or end"):
            load_lexicon(path, folded=True)
    path.write_text("urgent:\n  - 're:[^a]\\$5 me'\n", encoding="utf-8")
    assert load_lexicon(path, folded=True).urgent.patterns


def test_english_answers_read_the_same_in_any_booklet_and_no_other_language_flags_them(cli):
    answers = ["my dad hits me", "i like my school", "i miss my mum", "my carer is kind"]
    answers += ["we went to the park on saturday", "i want to see my brother"]
    records = classified(cli, answers, "pl")
    assert records == classified(cli, answers) == classified(cli, answers, "ar")
    assert [r["urgent"] for r in records] == [True] + [False] * 5


def _answer(client, invitation, words):
    open_booklet(client, invitation)
    number = page_of("middle", "house_worries")
    return client.post(f"/my-say/page/{number}", data={"house_worries": words})


@pytest.mark.parametrize(
    ("language", "words"),
    [("pl", "mój ojczym mnie bije jak jest pijany"), ("ar", "خالي بيضربني وبيهددني")],
)
def test_harm_written_in_a_booklet_in_another_language_raises_the_alert(
    app, client, language, words
):
    invitation = invite()
    invitation.language = language
    db.session.commit()
    response = _answer(client, invitation, words)
    assert response.location == "/my-say/told-today"
    (alert,) = alerts()
    assert alert.reason.startswith("An answer in the booklet suggests a risk of harm now")
    flag = flags()["house_worries"]
    assert flag.level == "urgent" and flag.source == "words" and flag.evidence


def test_harm_in_another_language_in_an_english_booklet_raises_the_alert(app, client):
    invitation = invite()
    assert invitation.language == "en"
    assert _answer(client, invitation, "Chcę się zabić").location == "/my-say/told-today"
    assert len(alerts()) == 1 and flags()["house_worries"].level == "urgent"


def test_an_ordinary_answer_in_another_language_is_still_read_today(app, client):
    invitation = invite()
    invitation.language = "pl"
    db.session.commit()
    _answer(client, invitation, "Tęsknię za mamą i chcę zobaczyć brata")
    flag = flags()["house_worries"]
    assert flag.level == "read_today" and flag.source == "not_checked"
    assert alerts() == []
