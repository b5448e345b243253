"""The themes engine: what children say, which answers are urgent, and the themes command."""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pytest

from app.commands.themes import themes_group
from app.domain.themes import engine as themes
from app.domain.themes import lexicon as lexicon_module
from app.domain.themes.engine import THEMES, LexiconError, classify, lexicon_language, load_lexicon
from tests.themes_helpers import quality_bench

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def lexicon_dir(tmp_path, monkeypatch):
    """A lexicon folder of the test's own, forgotten again afterwards."""
    shutil.copy(themes.LEXICON_DIR / "en.yaml", tmp_path / "en.yaml")
    # The lexicons are read by app/domain/themes/lexicon.py.
    monkeypatch.setattr(lexicon_module, "LEXICON_DIR", tmp_path)
    themes.clear_cache()
    yield tmp_path
    themes.clear_cache()


@pytest.fixture
def cli(runner, app):
    if "themes" not in app.cli.commands:
        app.cli.add_command(themes_group)
    return runner


def test_theme_ids_are_the_fixed_ones():
    assert list(THEMES) == [
        "home",
        "family_time",
        "friends",
        "school",
        "health",
        "social_worker",
        "review",
        "activities",
        "money",
        "identity",
        "independence",
        "safety",
        "moving",
        "immigration",
    ]
    assert THEMES["review"] == "My review, my IRO, having a say, advocacy"
    assert THEMES["immigration"] == "Asylum claim, Home Office, age assessment, legal papers"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("I like living with my foster carer and my bedroom is nice", "home"),
        ("i miss my mum n dad and my little sister", "family_time"),
        ("me and my bff go to the park", "friends"),
        ("my frends are the best", "friends"),
        ("skool is boring but my teacher is nice", "school"),
        ("I go to CAMHS because of my anxiety", "health"),
        ("my sw never rings me back", "social_worker"),
        ("My personal adviser helped me with forms", "social_worker"),
        ("I want to chair my own review and have an advocate", "review"),
        ("I play football on Saturdays and I want a ps4", "activities"),
        ("can I have more pocket money", "money"),
        ("I want to go to the mosque and eat halal food", "identity"),
        ("I want to learn to cook before I get my own flat", "independence"),
        ("I get bullied on the bus", "safety"),
        ("please don't move me again", "moving"),
        ("the Home Office still hasn't answered my asylum claim", "immigration"),
    ],
)
def test_clear_answers_get_their_theme(text, theme):
    assert theme in classify(text).themes


@pytest.mark.parametrize(
    "text",
    [
        # Being hurt at home or at family time.
        "my step dad punched me when I went for the weekend",
        "mummy smacks me at contact when the lady isnt looking",
        "my carer throws things at me",
        "my mums boyfriend is violent",
        # Sexual abuse or grooming.
        "mums boyfriend touches my private parts",
        "a man on roblox wants me to send pictures and said its our secret",
        "my boyfriend is 23 and buys me stuff",
        "i think im being groomed",
        # Self-harm or suicide.
        "I don't want to live anymore",
        "i keep cutting myself",
        "sometimes i want to kms",
        "everyone would be better off without me",
        "i took a load of paracetamol",
        # Exploitation.
        "some older lads give me money to carry packages to other towns",
        "I have to sell it or they will stab me",
        # Going missing or running away.
        "I ran away last night and slept in the park",
        "i stay out all night and my carers dont know where i am",
        # Unsafe housing.
        "my flat has no heating and mould on the walls",
        "I'm sofa surfing, got nowhere to live",
    ],
)
def test_answers_suggesting_harm_now_are_urgent_and_about_safety(text):
    result = classify(text)
    assert result.urgent
    assert "safety" in result.themes
    assert result.evidence["urgent"]


def test_negation_never_clears_urgent():
    # A missed disclosure is far worse than a false alarm.
    assert classify("i dont want to live anymore").urgent
    assert classify("nobody hurts me").urgent


@pytest.mark.parametrize(
    "text",
    [
        "I hurt my knee at football",
        "I'm dying to see my mum",
        "I'm killing it at school this year",
        "I like my foster carers",
        "",
    ],
)
def test_ordinary_answers_are_not_urgent(text):
    assert not classify(text).urgent


def test_self_harm_is_also_health_and_unsafe_housing_also_home():
    assert {"health", "safety"} <= set(classify("i self harm every night").themes)
    assert {"home", "safety"} <= set(classify("I'm homeless").themes)


def test_evidence_quotes_the_childs_own_words():
    result = classify("Me and my Frends at SKOOL")
    assert result.themes == ["friends", "school"]
    assert result.evidence == {"friends": ["Frends"], "school": ["SKOOL"]}

    result = classify("My dad hits me, he hits me")
    assert result.evidence["urgent"] == ["hits me"]
    assert result.evidence["family_time"] == ["dad"]
    assert list(result.evidence)[-1] == "urgent"


def test_the_longer_phrase_wins():
    # "foster mum" is where I live, not family time; "home office" is immigration, not home.
    assert classify("my foster mum is kind").themes == ["home"]
    assert classify("the home office").themes == ["immigration"]
    assert classify("I want to see my ex foster carer").themes == ["family_time"]


def test_themes_come_in_the_fixed_order():
    result = classify("my asylum case and my school and my mum")
    assert result.themes == ["family_time", "school", "immigration"]


def test_empty_answers_have_no_themes():
    for text in ("", "   ", None, "!!!"):
        result = classify(text)
        assert (result.themes, result.urgent, result.evidence) == ([], False, {})


def test_unknown_languages_fall_back_to_english():
    text = "i got bulied at skool"
    other, english = classify(text, "xx"), classify(text, "en")
    assert (other.themes, other.urgent, other.evidence) == (
        english.themes,
        english.urgent,
        english.evidence,
    )
    # From a booklet in another language, a person reads it too: the engine may have misread it.
    assert (other.unreadable, english.unreadable) == ("another_language", None)
    assert classify(text, None) == classify(text)
    assert lexicon_language("fr") == "en"
    assert lexicon_language("EN-gb") == "en"
    assert lexicon_language("../../etc/passwd") == "en"


def test_a_new_language_is_only_a_file(lexicon_dir):
    (lexicon_dir / "cy.yaml").write_text(
        "school: [ysgol, athro]\nurgent: [brifo fi]\n", encoding="utf-8"
    )
    result = classify("Dw i'n hoffi ysgol ond mae e'n brifo fi", "cy")
    assert result.themes == ["school", "safety"]
    assert result.urgent
    assert lexicon_language("cy-GB") == "cy"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("home: [house]\nskool: [school]\n", "'skool' is not a theme id"),
        ("home: house\n", "home: expected a list"),
        ("home: ['re:(unclosed']\n", "is not valid"),
        ("home: [\n", "is not valid YAML"),
        ("- home\n", "expected theme ids"),
        ("urgent:\n  harm:\n    also: [feelings]\n    terms: [hit me]\n", "'also' must list"),
        ("school: ['a&e']\n", "is not one word"),
        ("school: ['... school']\n", "must start and end with a word"),
        ("spellings: {skool: ''}\n", "must map one word to words"),
    ],
)
def test_a_bad_lexicon_file_gives_a_clear_error(tmp_path, content, message):
    path = tmp_path / "xx.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert "xx.yaml" in str(error.value)
    assert message in str(error.value)


def test_a_bad_lexicon_for_a_language_is_reported_when_used(lexicon_dir):
    (lexicon_dir / "cy.yaml").write_text("ysgol: [school]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="cy.yaml: 'ysgol' is not a theme id"):
        classify("ysgol", "cy")


def test_classify_command_writes_one_json_object_per_line(cli):
    answers = ["my frends at skool are nice", "", "i dont want to live anymore", "café with nan"]
    result = cli.invoke(args=["themes", "classify"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(answers)
    records = [json.loads(line) for line in lines]
    for record in records:
        assert list(record) == ["text", "themes", "urgent"]
    assert records[0] == {"text": answers[0], "themes": ["friends", "school"], "urgent": False}
    assert records[1] == {"text": "", "themes": [], "urgent": False}
    assert records[2]["urgent"] is True
    assert records[3] == {"text": "café with nan", "themes": ["family_time"], "urgent": False}
    assert '"café with nan"' in lines[3]  # written as UTF-8, not \u escapes


def test_classify_command_keeps_line_numbers_with_windows_line_ends_and_bad_bytes(cli):
    data = b"\xef\xbb\xbfmy mum\r\n\r\nbad \xff byte at school\r\n"
    result = cli.invoke(args=["themes", "classify"], input=data)
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["text"] for record in records] == ["my mum", "", "bad \ufffd byte at school"]
    assert records[2]["themes"] == ["school"]
    assert "Line 3 is not UTF-8" in result.stderr


def test_classify_command_falls_back_to_english(cli):
    result = cli.invoke(args=["themes", "classify", "--language", "xx"], input="my dad hits me\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "text": "my dad hits me",
        "themes": ["family_time", "safety"],
        "urgent": True,
    }
    assert "using 'en'" in result.stderr


def test_classify_command_reports_a_bad_lexicon(cli, lexicon_dir):
    (lexicon_dir / "en.yaml").write_text("skool: [school]\n", encoding="utf-8")
    result = cli.invoke(args=["themes", "classify"], input="school\n")
    assert result.exit_code == 1
    assert "'skool' is not a theme id" in result.stderr
    assert "Traceback" not in result.output


def test_urgent_recall_and_precision_hold_on_the_safeguarding_test_split():
    bench = quality_bench()
    rows = bench.read_safeguarding()
    urgent = [row for row in rows if row["urgent"]]
    assert len(urgent) >= 1500 and len(rows) - len(urgent) >= 1500
    test = bench.score([row for row in rows if row["split"] == "test"], themes_too=False)
    # Every category of harm is in the test split, and it is never tuned on.
    harms = {row["category"] for row in urgent}
    assert len(harms) >= 23
    assert {c for c, counts in test.categories.items() if counts.support} == harms
    # Measured 0.979 recall and 0.731 precision; the targets of issue 10 are 0.97 and 0.6.
    assert test.urgent.recall >= 0.97
    assert test.urgent.precision >= 0.6


def test_quality_on_the_held_out_themes_answers_does_not_fall():
    bench = quality_bench()
    rows = bench.read_labelled()
    assert len(rows) >= 300
    test = bench.score([row for row in rows if row["split"] == "test"])
    assert test.answers >= 90
    # Every urgent answer in the held-out split is flagged; false alarms are tolerated.
    assert test.urgent.recall == 1.0
    # Measured 0.899 micro F1 before urgent detection grew; a change that costs more fails.
    assert test.micro.f1 >= 0.85
