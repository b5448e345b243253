"""``flask --app wsgi themes``: classify answers given one per line, and train the urgent model.

``classify`` reads one answer per line on standard input; ``train`` builds the urgent classifier's
model file from labelled CSVs; ``export-labels`` writes the IROs' "should have been urgent" and
"not urgent" marks as labelled data for the next training run.
"""

import json
import sys
from pathlib import Path

import click

from app.domain.themes import classifier
from app.domain.themes.engine import (
    DEFAULT_LANGUAGE,
    LexiconError,
    classify_many,
    lexicon_for,
    lexicon_language,
)
from app.domain.themes.languages import urgent_language, urgent_languages, urgent_lexicon

# Answers classified together: the classifier reads a batch much faster than one at a time.
# Results are written a batch at a time, in the order of the lines.
BATCH = 256
ROOT = Path(__file__).resolve().parents[2]
LABELLED = ROOT / "tests" / "data"


@click.group("themes")
def themes_group():
    """Suggest the themes of children's answers."""


@themes_group.command("classify")
@click.option(
    "--language",
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="The answers' language; English is used when there is no lexicon for it.",
)
def classify_command(language):
    """Read one answer per line (UTF-8) and write one JSON object per line, in the same order.

    Each line written is {"text": ..., "themes": [...], "urgent": true|false}; an empty line gives
    no themes, so that line numbers of answers and results always match.
    """
    used = lexicon_language(language)
    urgent_words = urgent_language(language)
    if used != language.strip().lower():
        also = f", with urgent words in {urgent_words!r} too" if urgent_words else ""
        click.echo(f"No lexicon for {language!r}: using {used!r}{also}.", err=True)
    try:
        lexicon_for(used)  # a broken lexicon file fails here, before any answer is read
        for other in urgent_languages():
            urgent_lexicon(other)
    except LexiconError as error:
        raise click.ClickException(f"The themes lexicon cannot be used: {error}") from error
    # Bytes in and out: answers are UTF-8 whatever the terminal's locale says.
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    batch: list[str] = []
    for number, raw in enumerate(stdin, start=1):
        line = raw.rstrip(b"\r\n")
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]  # a byte order mark that spreadsheet programs put first
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = line.decode("utf-8", errors="replace")
            # The line number only: the answer itself is a child's words and stays out of logs.
            click.echo(f"Line {number} is not UTF-8; unreadable bytes were replaced.", err=True)
        batch.append(text)
        if len(batch) >= BATCH:
            _write(stdout, batch, used)
            batch = []
    _write(stdout, batch, used)
    stdout.flush()


def _write(stdout, texts: list[str], language: str) -> None:
    for text, result in zip(texts, classify_many(texts, language), strict=True):
        record = {"text": text, "themes": result.themes, "urgent": result.urgent}
        stdout.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def default_training_files() -> list[Path]:
    """The labelled answers in the repository: the safeguarding set, and the themes set."""
    return sorted((LABELLED / "safeguarding").glob("*.csv"))


@themes_group.command("train")
@click.option(
    "--data",
    "data",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A labelled CSV (text, urgent, split); repeat for more. Default: tests/data/safeguarding.",
)
@click.option(
    "--also",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A labelled CSV whose train and dev rows are all trained on (its test rows are not); "
    "default: tests/data/themes_labelled.csv, real-style booklet answers.",
)
@click.option("--recall", default=classifier.DEFAULT_RECALL, show_default=True, type=float)
@click.option("--seed", default=classifier.SEED, show_default=True, type=int)
@click.option(
    "--out",
    default=classifier.DEFAULT_MODEL,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)
def train_command(data, also, recall, seed, out):
    """Train the urgent classifier on the train split; pick its threshold on the dev split.

    The threshold is the highest probability at which at least --recall of the dev split's urgent
    answers are found. The test split is never read here: it is for the final figures only
    (bench/themes_quality.py).
    """
    files = list(data) or default_training_files()
    extra = list(also) if also else [LABELLED / "themes_labelled.csv"]
    try:
        rows = classifier.read_rows(files)
        rows += [
            {**row, "split": "train"}
            for row in classifier.read_rows(path for path in extra if path.exists())
            if row["split"] != "test"
        ]
        model, measured = classifier.train(rows, recall=recall, seed=seed)
    except classifier.ModelError as error:
        raise click.ClickException(str(error)) from error
    classifier.save(model, out)
    classifier.clear_cache()
    click.echo(
        f"Trained on {model.info['train_answers']} answers ({model.info['train_urgent']} urgent)."
    )
    if measured:
        click.echo(
            f"Dev split: threshold {model.threshold:.3f}; recall {measured['recall']:.3f} "
            f"({measured['found']} of {measured['urgent']}), precision {measured['precision']:.3f}."
        )
    click.echo(f"Written to {out} ({out.stat().st_size:,} bytes).")


@themes_group.command("export-labels")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file; standard output when left out.",
)
def export_labels_command(out):
    """Write the IROs' "should have been urgent" and "not urgent" marks as labelled CSV.

    The columns are those of tests/data/safeguarding (text, age, category, urgent, themes,
    split), so the file can go straight to `themes train --data`. Answers the child kept for
    their IRO only are left out, and counted on standard error.
    """
    from app.domain.themes.labels import csv_lines, labelled_rows

    export = labelled_rows()
    if out is None:
        for line in csv_lines(export.rows):
            sys.stdout.write(line)
        sys.stdout.flush()
    else:
        with out.open("w", encoding="utf-8", newline="") as file:
            file.writelines(csv_lines(export.rows))
    click.echo(
        f"{len(export.rows)} labelled answers written; {export.private_left_out} kept for the "
        "IRO only were left out.",
        err=True,
    )
