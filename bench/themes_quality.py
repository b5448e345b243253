"""How well the themes engine does on the labelled answers, and how fast it is.

Run: ``.venv/bin/python bench/themes_quality.py [--errors dev] [--count 20000]``

Prints, for the ``dev`` split (used to tune the lexicon) and the held-out ``test`` split
separately: precision, recall and F1 per theme, micro averages, and the urgent flag's precision
and recall. Then the throughput in answers per second. ``--errors dev`` also lists every answer
the engine got wrong in that split (never ask for the test split's errors while tuning).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.domain.themes.engine import THEMES, classify  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "themes_labelled.csv"
SPLITS = ("dev", "test")


@dataclass
class Counts:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    def add(self, expected: bool, suggested: bool) -> None:
        if expected and suggested:
            self.true_positive += 1
        elif suggested:
            self.false_positive += 1
        elif expected:
            self.false_negative += 1

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


@dataclass
class Scores:
    themes: dict[str, Counts]
    micro: Counts
    urgent: Counts
    answers: int


def read_labelled(path: Path = LABELLED) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["themes"] = set(row["themes"].split())
        row["urgent"] = row["urgent"] == "1"
    return rows


def score(rows: list[dict]) -> Scores:
    """Count agreements between the engine and the labels, per theme, overall and for urgent."""
    themes = {theme: Counts() for theme in THEMES}
    micro, urgent = Counts(), Counts()
    for row in rows:
        result = classify(row["text"])
        for theme, counts in themes.items():
            expected, suggested = theme in row["themes"], theme in result.themes
            counts.add(expected, suggested)
            micro.add(expected, suggested)
        urgent.add(row["urgent"], result.urgent)
    return Scores(themes, micro, urgent, len(rows))


def errors(rows: list[dict]) -> list[str]:
    lines = []
    for row in rows:
        result = classify(row["text"])
        missing = sorted(row["themes"] - set(result.themes))
        extra = sorted(set(result.themes) - row["themes"])
        urgent = "" if row["urgent"] == result.urgent else f" URGENT expected={row['urgent']}"
        if missing or extra or urgent:
            lines.append(
                f"{row['text']!r}\n    missing={missing} extra={extra}{urgent} "
                f"evidence={result.evidence}"
            )
    return lines


def throughput(texts: list[str], count: int) -> float:
    answers = [texts[index % len(texts)] for index in range(count)]
    classify("warm up the compiled lexicon")
    started = time.perf_counter()
    for text in answers:
        classify(text)
    return count / (time.perf_counter() - started)


def report(name: str, scores: Scores) -> None:
    print(f"\n== {name}: {scores.answers} answers ==")
    print(f"{'theme':<14} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for theme, counts in scores.themes.items():
        print(
            f"{theme:<14} {counts.precision:>9.3f} {counts.recall:>7.3f} "
            f"{counts.f1:>6.3f} {counts.support:>8}"
        )
    micro = scores.micro
    print(f"{'micro':<14} {micro.precision:>9.3f} {micro.recall:>7.3f} {micro.f1:>6.3f}")
    urgent = scores.urgent
    print(
        f"urgent: precision {urgent.precision:.3f}, recall {urgent.recall:.3f} "
        f"({urgent.true_positive} of {urgent.support} found, "
        f"{urgent.false_positive} false alarms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=SPLITS, help="list the answers got wrong in a split")
    parser.add_argument("--count", type=int, default=20_000, help="answers for the timing")
    args = parser.parse_args()
    rows = read_labelled()
    for split in SPLITS:
        report(split, score([row for row in rows if row["split"] == split]))
    if args.errors:
        print(f"\n== answers got wrong in {args.errors} ==")
        print("\n".join(errors([row for row in rows if row["split"] == args.errors])))
    rate = throughput([row["text"] for row in rows], args.count)
    print(f"\nthroughput: {rate:,.0f} answers per second over {args.count:,} answers")


if __name__ == "__main__":
    main()
