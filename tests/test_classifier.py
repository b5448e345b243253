"""The urgent classifier beside the lexicon: shipped, explained, reproducible, and honest about
what it cannot read."""

import csv
import json

import pytest
import sklearn

from app.commands.themes import LABELLED
from app.domain.themes import classifier
from app.domain.themes.engine import classify, classify_many, lexicon_for
from app.domain.themes.readable import ANOTHER_LANGUAGE, MEDIA, NO_WORDS, unreadable_reason

# New sentences, in no file of the project: harm described in words the lexicon does not list.
PARAPHRASES = [
    "sometimes i lie awake and think everyone would be fine if i just faded away",
    "my stepdad puts his hand over my mouth so the neighbours dont hear me",
    "i keep a bag of my pills in my sock drawer just in case",
    "she pushes my face into the dinner plate when i am slow",
    "he squashes me on the bed and it hurts to breathe",
    "my uncle comes in the bathroom when im in there and wont go",
    "they make me sleep on the kitchen floor",
    "my mums friend gives me tablets that make me sleepy and then i dont remember",
]


def test_the_shipped_model_loads_and_records_how_it_was_made():
    model = classifier.load()
    assert model.info["sklearn"] == sklearn.__version__
    assert model.info["train_answers"] >= 1500
    # Chosen on the dev split for the recall asked for, and it got it there.
    assert model.info["target_recall"] == classifier.DEFAULT_RECALL
    assert model.info["dev"]["recall"] >= classifier.DEFAULT_RECALL
    assert 0 < model.threshold < 1
    # Small enough to ship in the package.
    assert classifier.DEFAULT_MODEL.stat().st_size < 1_000_000


@pytest.mark.parametrize("text", PARAPHRASES)
def test_paraphrases_the_lexicon_does_not_know_are_urgent(text):
    assert not lexicon_for("en").classify(text).urgent
    result = classify(text)
    assert result.urgent and "safety" in result.themes
    # The IRO sees which of the child's own words weighed most.
    assert result.model_words
    assert all(word in text for word in result.model_words)
    assert result.evidence["safety"] == result.model_words


@pytest.mark.parametrize(
    "text",
    [
        "I like living with my foster carers and my dog",
        "can I have more pocket money please",
        "i hit the jackpot on the claw machine",
        "my dad used to hit me but i havent seen him for years and i feel safe now",
        "Me and my Frends at SKOOL",
    ],
)
def test_ordinary_answers_idioms_and_resolved_harm_are_not_urgent(text):
    assert not classify(text).urgent


def test_one_batch_gives_what_one_at_a_time_gives():
    texts = [*PARAPHRASES[:3], "i like football", "", "my dad hits me"]
    assert classify_many(texts) == [classify(text) for text in texts]


def _sample(size_per_class: int = 60) -> list[dict]:
    """A small labelled sample: the first answers of each kind in each split."""
    rows = classifier.read_rows(sorted((LABELLED / "safeguarding").glob("*.csv")))
    sample, taken = [], {}
    for row in rows:
        key = (row["split"], row["urgent"])
        limit = size_per_class if row["split"] == "train" else size_per_class // 3
        if taken.get(key, 0) < limit:
            taken[key] = taken.get(key, 0) + 1
            sample.append(row)
    return sample


def test_training_is_reproducible_to_the_byte(tmp_path):
    rows = _sample()
    first, measured = classifier.train(rows)
    second, _ = classifier.train(rows)
    texts = [row["text"] for row in rows]
    assert (first.probabilities(texts) == second.probabilities(texts)).all()
    assert first.threshold == second.threshold
    one = classifier.save(first, tmp_path / "one.joblib")
    two = classifier.save(second, tmp_path / "two.joblib")
    assert one.read_bytes() == two.read_bytes()
    # The threshold keeps its promise on the dev split it was chosen on.
    assert measured["recall"] >= classifier.DEFAULT_RECALL


def test_a_model_made_by_another_scikit_learn_is_refused(tmp_path, monkeypatch):
    model, _ = classifier.train(_sample(20))
    model.info["sklearn"] = "0.1"
    path = classifier.save(model, tmp_path / "old.joblib")
    with pytest.raises(classifier.ModelError, match="made with scikit-learn 0.1"):
        classifier.load(path)
    with pytest.raises(classifier.ModelError, match="no model file"):
        classifier.load(tmp_path / "missing.joblib")


def test_training_needs_both_kinds_of_answer():
    rows = [{"text": f"answer {n}", "urgent": False, "split": "train"} for n in range(30)]
    with pytest.raises(classifier.ModelError, match="at least 5 urgent"):
        classifier.train(rows)


def test_the_train_command_builds_a_model_from_a_labelled_file(runner, tmp_path):
    data = tmp_path / "labels.csv"
    with data.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=["text", "age", "category", "urgent", "split"])
        writer.writeheader()
        for row in _sample(30):
            writer.writerow(
                {
                    **{k: row[k] for k in ("text", "age", "category", "split")},
                    "urgent": int(row["urgent"]),
                }
            )
    out = tmp_path / "model.joblib"
    result = runner.invoke(
        args=["themes", "train", "--data", str(data), "--also", str(data), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Dev split: threshold" in result.output
    assert classifier.load(out).info["train_answers"] > 0

    bad = tmp_path / "bad.csv"
    bad.write_text("text,urgent,split\nhello,maybe,train\n", encoding="utf-8")
    result = runner.invoke(args=["themes", "train", "--data", str(bad), "--out", str(out)])
    assert result.exit_code == 1
    assert "line 2: urgent must be 0 or 1" in result.output


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("mój tata mnie bije kiedy pije", ANOTHER_LANGUAGE),
        ("Nu vreau să mă întorc acasă la tata", ANOTHER_LANGUAGE),
        ("Babá me bate quando está bêbado", ANOTHER_LANGUAGE),
        ("Aabbahay wuu i garaacaa habeen walba", ANOTHER_LANGUAGE),
        ("أبي يضربني كل يوم", ANOTHER_LANGUAGE),
        ("ኣቦይ ይወቕዓኒ እዩ", ANOTHER_LANGUAGE),
        ("پدرم من را میزند", ANOTHER_LANGUAGE),
        ("😢😢🔪", NO_WORDS),
    ],
)
def test_answers_the_engine_cannot_read_are_said_so(text, reason):
    assert unreadable_reason(text) == reason
    result = classify(text)
    assert result.unreadable == reason
    # Not passed as safe by a model that never read it: it did not run at all.
    assert result.probability is None


def test_drawings_and_recordings_are_never_read_by_the_engine():
    assert unreadable_reason(None, "drawing") == MEDIA
    assert unreadable_reason(None, "voice") == MEDIA


def test_childrens_english_reads_as_english():
    rows = classifier.read_rows(sorted((LABELLED / "safeguarding").glob("*.csv")))
    flagged = [row["text"] for row in rows if unreadable_reason(row["text"])]
    # Text-speak, names and misspellings included: at most one in two hundred.
    assert len(flagged) <= len(rows) / 200, flagged[:10]
    for short in ("yes", "idk", "Biscuit", "!!!", "", "Shelly and Dave"):
        assert unreadable_reason(short) is None


def test_classify_command_flags_paraphrases(runner):
    result = runner.invoke(args=["themes", "classify"], input="\n".join(PARAPHRASES[:2]) + "\n")
    assert result.exit_code == 0
    assert [json.loads(line)["urgent"] for line in result.stdout.splitlines()] == [True, True]
