"""The themes engine on answers it never learnt from (tests/data/held_out, see its README).

Floors are measured figures less a little room. The engine before this set was written found 282
of 289 urgent English answers (recall 0.976, and 0.976 on the sealed half), with precision 0.879,
themes micro F1 0.881, safety recall 0.97, and false alarms on 29 of 83 answers that use words of
harm without risk; each of those fails here. Measured after: 287 of 289 (0.993; sealed 0.988),
precision 0.903, micro F1 0.895, safety recall 0.99, 24 of 83.
"""

import csv

import pytest

from app.commands.themes import LABELLED, default_training_files
from app.domain.themes import classifier
from tests.themes_helpers import quality_bench


@pytest.fixture(scope="module")
def bench():
    return quality_bench()


@pytest.fixture(scope="module")
def held_out(bench):
    return bench.read_held_out()


@pytest.fixture(scope="module")
def english(held_out):
    return [row for row in held_out if row["language"] == "en"]


@pytest.fixture(scope="module")
def scores(bench, english):
    return bench.score(english)


def test_the_set_is_large_and_apart_from_what_the_engine_learns(bench, held_out):
    assert len(held_out) >= 300
    assert {row["part"] for row in held_out} == set(bench.HELD_OUT_PARTS)
    # Never trained on: not among the training files, and no answer of it is in them.
    assert bench.HELD_OUT not in default_training_files()
    learnt = classifier.read_rows([*default_training_files(), LABELLED / "themes_labelled.csv"])
    texts = {row["text"].strip().lower() for row in learnt}
    assert not [row["text"] for row in held_out if row["text"].strip().lower() in texts]
    lexicon = (bench.ROOT / "app/domain/themes/lexicons/en.yaml").read_text(encoding="utf-8")
    # A sentence pasted into the lexicon; a few words ("i dont know") may be part of a term.
    sentences = [row["text"].lower() for row in held_out if len(row["text"].split()) > 4]
    assert not [text for text in sentences if text in lexicon]


def test_every_row_is_labelled_with_the_domains_theme_ids(bench):
    with bench.HELD_OUT.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        assert row["urgent"] in ("0", "1")
        assert set(row["themes"].split()) <= set(bench.THEMES)
        # The engine gives every urgent answer the safety theme; the labels say the same.
        assert row["urgent"] == "0" or "safety" in row["themes"].split()


def test_urgent_recall_holds_on_answers_never_seen(bench, english, scores):
    urgent = scores.urgent
    assert urgent.support >= 200
    # A missed disclosure is the worst harm: at most one in a hundred.
    assert urgent.recall >= 0.99, f"{urgent.true_positive} of {urgent.support}"
    sealed = bench.score([row for row in english if row["part"] == "sealed"], themes_too=False)
    assert sealed.urgent.recall >= 0.98


def test_false_alarms_stay_few(scores):
    assert scores.urgent.precision >= 0.885
    # Words of harm without risk: idioms, accidents, sport, telling off, harm that is over.
    same_words = scores.categories["same_words"]
    assert same_words.support == 0 and same_words.answers >= 80
    assert same_words.false_positive <= 0.32 * same_words.answers


def test_themes_hold_on_answers_never_seen(scores):
    assert scores.micro.f1 >= 0.885
    assert scores.themes["safety"].recall >= 0.98


def test_answers_in_other_languages_all_reach_a_person(bench, held_out):
    others = [row for row in held_out if row["language"] != "en"]
    assert len({row["language"] for row in others}) >= 10
    reached, total = bench.to_a_person(others)
    assert reached == total
