"""How well the themes engine finds urgent answers and themes, and how fast it is.

Run: ``.venv/bin/python bench/themes_quality.py [--split test] [--errors dev] [--count 20000]``

Reads the labelled answers under ``tests/data/``: the safeguarding set (``safeguarding/*.csv``:
urgent answers by category of harm, and answers that are not urgent by kind) and the themes set
(``themes_labelled.csv``). For the chosen split (``test`` by default) it prints:

- urgent precision and recall for the engine as it runs (lexicon or classifier), and for the
  lexicon and the classifier alone;
- recall per category of harm, and the false alarms per kind of answer that is not urgent;
- themes precision, recall and F1 per theme and micro-averaged, for both sets;

then the same figures on the held-out set (``held_out/answers.csv``: answers written apart from
the training data and the lexicon, never trained on; see its README), in its open and sealed
parts, and how many of its answers in the booklets' other languages reach a person (urgent, or
"read today");
then the throughput in answers per second. ``--errors`` lists every answer got wrong in a split:
``train`` or ``dev`` only, so that nobody tunes the lexicon on the test split.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.domain.themes.engine import THEMES, classify_many  # noqa: E402

DATA = ROOT / "tests" / "data"
SAFEGUARDING = DATA / "safeguarding"
LABELLED = DATA / "themes_labelled.csv"
HELD_OUT = DATA / "held_out" / "answers.csv"
HELD_OUT_PARTS = ("open", "sealed")
SPLITS = ("train", "dev", "test")
BATCH = 512


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    true_negative: int = 0

    def add(self, expected: bool, suggested: bool) -> None:
        if expected and suggested:
            self.true_positive += 1
        elif suggested:
            self.false_positive += 1
        elif expected:
            self.false_negative += 1
        else:
            self.true_negative += 1

    @property
    def precision(self) -> float:
        suggested = self.true_positive + self.false_positive
        return self.true_positive / suggested if suggested else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positive + self.false_negative
        return self.true_positive / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def support(self) -> int:
        return self.true_positive + self.false_negative

    @property
    def answers(self) -> int:
        return self.support + self.false_positive + self.true_negative


@dataclass
class Scores:
    themes: dict[str, Counts]
    micro: Counts
    urgent: Counts
    answers: int
    lexicon: Counts = field(default_factory=Counts)
    model: Counts = field(default_factory=Counts)
    # Per category: urgent ones count found and missed, the others count false alarms.
    categories: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["themes"] = set((row.get("themes") or "").split())
        row["urgent"] = row["urgent"] == "1"
        row.setdefault("category", "")
    return rows


def read_labelled(path: Path = LABELLED) -> list[dict]:
    """The themes set: real-style booklet answers with their themes and urgent flag."""
    return _read(path)


def read_safeguarding(folder: Path = SAFEGUARDING) -> list[dict]:
    """The safeguarding set: urgent answers by category of harm, and not-urgent ones by kind."""
    return [row for path in sorted(folder.glob("*.csv")) for row in _read(path)]


def read_held_out(path: Path = HELD_OUT) -> list[dict]:
    """The held-out set: English answers, and answers in the booklets' other languages."""
    rows = _read(path)
    for row in rows:
        row["category"] = row["kind"]
    return rows


def to_a_person(rows: list[dict]) -> tuple[int, int]:
    """(answers that reach a person today, answers) among answers in other languages.

    The engine reads English only (README, Translations): an answer in another language must be
    flagged urgent or "read today" (unreadable), never passed as read and safe.
    """
    reached = 0
    for row in rows:
        result = classify_many([row["text"]], row["language"])[0]
        reached += bool(result.urgent or result.unreadable)
    return reached, len(rows)


def score(rows: list[dict], themes_too: bool = True) -> Scores:
    """Count agreements between the engine and the labels, per theme, overall and for urgent."""
    themes = {theme: Counts() for theme in THEMES}
    scores = Scores(themes, Counts(), Counts(), len(rows))
    results = []
    for start in range(0, len(rows), BATCH):
        results += classify_many([row["text"] for row in rows[start : start + BATCH]])
    for row, result in zip(rows, results, strict=True):
        if themes_too:
            for theme, counts in themes.items():
                expected, suggested = theme in row["themes"], theme in result.themes
                counts.add(expected, suggested)
                scores.micro.add(expected, suggested)
        scores.urgent.add(row["urgent"], result.urgent)
        scores.lexicon.add(row["urgent"], result.lexicon_urgent)
        scores.model.add(row["urgent"], bool(result.model_words))
        if row["category"]:
            scores.categories[row["category"]].add(row["urgent"], result.urgent)
    return scores


def errors(rows: list[dict]) -> list[str]:
    lines = []
    results = classify_many([row["text"] for row in rows])
    for row, result in zip(rows, results, strict=True):
        missing = sorted(row["themes"] - set(result.themes))
        extra = sorted(set(result.themes) - row["themes"])
        urgent = "" if row["urgent"] == result.urgent else f" URGENT expected={row['urgent']}"
        if missing or extra or urgent:
            lines.append(
                f"{row['text']!r} [{row['category']}]\n    missing={missing} extra={extra}"
                f"{urgent} p={result.probability} evidence={result.evidence}"
            )
    return lines


def throughput(texts: list[str], count: int) -> float:
    """Answers per second, classified in batches as the command and the reports do."""
    answers = [texts[index % len(texts)] for index in range(count)]
    classify_many(["warm up the compiled lexicon and the model"])
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        classify_many(answers[start : start + BATCH])
    return count / (time.perf_counter() - started)


def _urgent_line(name: str, counts: Counts) -> str:
    return (
        f"{name:<22} precision {counts.precision:.3f}  recall {counts.recall:.3f}  "
        f"({counts.true_positive} of {counts.support} found, {counts.false_positive} false alarms)"
    )


def report_urgent(name: str, scores: Scores) -> None:
    print(f"\n== urgent, {name}: {scores.answers} answers ==")
    print(_urgent_line("lexicon or classifier", scores.urgent))
    print(_urgent_line("lexicon alone", scores.lexicon))
    print(_urgent_line("classifier alone", scores.model))
    urgent = {k: c for k, c in scores.categories.items() if c.support}
    others = {k: c for k, c in scores.categories.items() if not c.support}
    if urgent:
        print(f"\n{'category of harm':<28} {'recall':>7} {'found':>9}")
        for category, counts in sorted(urgent.items()):
            found = f"{counts.true_positive}/{counts.support}"
            print(f"{category:<28} {counts.recall:>7.3f} {found:>9}")
    if others:
        print(f"\n{'not urgent, by kind':<28} {'false alarms':>13}")
        for category, counts in sorted(others.items()):
            print(f"{category:<28} {f'{counts.false_positive}/{counts.answers}':>13}")


def report_themes(name: str, scores: Scores) -> None:
    print(f"\n== themes, {name}: {scores.answers} answers ==")
    print(f"{'theme':<14} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for theme, counts in scores.themes.items():
        print(
            f"{theme:<14} {counts.precision:>9.3f} {counts.recall:>7.3f} "
            f"{counts.f1:>6.3f} {counts.support:>8}"
        )
    micro = scores.micro
    print(f"{'micro':<14} {micro.precision:>9.3f} {micro.recall:>7.3f} {micro.f1:>6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default="test", help="the split to score")
    parser.add_argument(
        "--errors", choices=("train", "dev"), help="list the answers got wrong in a split"
    )
    parser.add_argument("--count", type=int, default=20_000, help="answers for the timing")
    args = parser.parse_args()
    safeguarding = read_safeguarding()
    labelled = read_labelled()
    chosen = [row for row in safeguarding if row["split"] == args.split]
    scores = score(chosen)
    report_urgent(f"safeguarding set, {args.split} split", scores)
    report_themes(f"safeguarding set, {args.split} split", scores)
    themed = [row for row in labelled if row["split"] == args.split]
    if themed:
        scores = score(themed)
        report_urgent(f"themes set, {args.split} split", scores)
        report_themes(f"themes set, {args.split} split", scores)
    held_out = read_held_out()
    english = [row for row in held_out if row["language"] == "en"]
    scores = score(english)
    report_urgent("held-out set, all English answers", scores)
    for part in HELD_OUT_PARTS:
        counts = score([row for row in english if row["part"] == part], themes_too=False).urgent
        print(_urgent_line(f"held-out, {part} part", counts))
    report_themes("held-out set, all English answers", scores)
    reached, others = to_a_person([row for row in held_out if row["language"] != "en"])
    print(f"\nheld-out answers in other languages that reach a person today: {reached} of {others}")
    if args.errors:
        print(f"\n== answers got wrong in the {args.errors} split ==")
        rows = [row for row in safeguarding + labelled if row["split"] == args.errors]
        print("\n".join(errors(rows)))
    rate = throughput([row["text"] for row in safeguarding + labelled], args.count)
    print(f"\nthroughput: {rate:,.0f} answers per second over {args.count:,} answers")


if __name__ == "__main__":
    main()
