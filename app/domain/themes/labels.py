"""The IROs' own judgements of answers, kept for the next training run of the urgent classifier.

An IRO reading a booklet can mark a text answer "should have been urgent" (a disclosure the engine
missed) or "not urgent" (a false alarm). The mark is kept with the answer, with the words as they
were judged, and exported in the columns of the labelled set under ``tests/data/safeguarding``
(``text, age, category, urgent, themes, split``), so that ``flask --app wsgi themes train --data
labels.csv`` can learn from them.

Words the child kept for their IRO only are not exported: training data is read by more people
than the child agreed to. Each answer's split is fixed by a hash of its words (60% train, 20% dev,
20% test, like the set), so that exporting twice never moves an answer between splits.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.orm import selectinload

from app.domain.themes.answers import answer_text
from app.extensions import db
from app.models import Answer, Invitation, Review, User, utcnow
from app.models.themes import AnswerLabel, ThemeStatus

COLUMNS = ["text", "age", "category", "urgent", "themes", "split"]
URGENT_CATEGORY = "iro_should_have_been_urgent"
NOT_URGENT_CATEGORY = "iro_not_urgent"


class LabelError(ValueError):
    """The answer cannot be labelled (it holds no words)."""


def label_answer(answer: Answer, urgent: bool, user: User) -> AnswerLabel:
    """Keep the IRO's judgement of a text answer, replacing any earlier one. The caller commits."""
    text = answer_text(answer)
    if text is None:
        raise LabelError("only answers in the child's own words can be labelled")
    label = answer.label
    if label is None:
        label = AnswerLabel(answer=answer, urgent=urgent, text=text)
        db.session.add(label)
    label.urgent = urgent
    label.text = text
    label.labelled_by_id = user.id
    label.labelled_at = utcnow()
    return label


def clear_label(answer: Answer) -> None:
    answer.label = None  # the label goes with it (delete-orphan)


def split_of(text: str) -> str:
    """train, dev or test, fixed by the words, in the proportions of the labelled set."""
    bucket = int(hashlib.sha256(text.strip().lower().encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


@dataclass
class Export:
    rows: list[dict]
    private_left_out: int


def labelled_rows() -> Export:
    """Every labelled answer as a row of the labelled set, oldest label first."""
    labels = db.session.scalars(
        db.select(AnswerLabel)
        .options(
            selectinload(AnswerLabel.answer)
            .selectinload(Answer.invitation)
            .selectinload(Invitation.review)
            .selectinload(Review.child)
        )
        .order_by(AnswerLabel.labelled_at, AnswerLabel.id)
    ).all()
    rows, private = [], 0
    for label in labels:
        answer = label.answer
        if answer.only_iro:
            private += 1
            continue
        review = answer.invitation.review
        themes = [t.theme for t in answer.themes if t.status != ThemeStatus.REMOVED]
        rows.append(
            {
                "text": label.text,
                "age": review.child.age_on(review.review_date),
                "category": URGENT_CATEGORY if label.urgent else NOT_URGENT_CATEGORY,
                "urgent": 1 if label.urgent else 0,
                "themes": " ".join(themes),
                "split": split_of(label.text),
            }
        )
    return Export(rows, private)


def csv_lines(rows: list[dict]) -> Iterator[str]:
    """The rows as CSV text, a line at a time, header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    yield buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
