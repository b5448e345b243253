"""What the IRO reads before the meeting, beyond one booklet: faces over time and the review menu.

Plain functions so that the review page and the PDF for the review record say the same thing.
Only booklets the child has sent count: answers still being filled in may change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.domain.booklets.definitions import (
    FACES,
    RATHER_NOT_SAY,
    Booklet,
    BookletError,
    Question,
    booklet_of,
)
from app.domain.booklets.own_words import as_staff_read, personalise
from app.domain.reading.answers import (
    ReadAnswer,
    Reading,
    answer_words,
    choice_words,
    read_invitation,
)
from app.extensions import db
from app.models import Answer, Child, Invitation, Review

# Faces on one scale, so that a question moved from three faces to five still compares:
# "happy" means the same to a child whichever booklet showed it.
FACE_SCORE = {"very_happy": 2, "happy": 1, "ok": 0, "sad": -1, "very_sad": -2}

CHANGE_LABELS = {
    "better": _l("better"),
    "worse": _l("worse"),
    "same": _l("same"),
}

# The review menu, in the order an IRO plans a meeting: (line id, measure, what the line says).
MENU_MEASURES = (
    ("where", "venue_request", _l("Where they would like the review to be")),
    ("chair", "request_chair", _l("Wants to chair their review")),
    ("advocate", "request_advocate", _l("Wants an advocate")),
    ("alone", "request_alone", _l("Wants to talk to the IRO alone first")),
)
# There is no measure for who the child wants at the review (a measure fits one kind, and
# "who" is a list of people that differs by booklet), so these lines go by the question keys the
# bundled booklets use (middle.yaml: review_who). Any other choose_many whose key names "who"
# counts too, as "not there" when its key also says "not".
WHO_WANTED_KEYS = ("review_who",)
WHO_NOT_WANTED_KEYS = ("review_who_not", "review_not_who")
WHO_LABELS = {
    "who": _l("Who they want there"),
    "who_not": _l("Who they do not want there"),
}


@dataclass
class FacesRow:
    key: str
    label: str  # from the newest booklet that asked it
    cells: list[str | None]  # face words per column; None when not asked or not answered
    change: str | None = None  # better, worse or same: the newest column against the one before

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS[self.change]) if self.change else ""


@dataclass
class FacesHistory:
    dates: list[date] = field(default_factory=list)  # review dates, oldest first
    rows: list[FacesRow] = field(default_factory=list)

    @property
    def comparable(self) -> bool:
        """True when there is something to compare: two reviews or more with faces."""
        return len(self.dates) > 1 and bool(self.rows)


@dataclass(frozen=True)
class MenuLine:
    item: str  # where, who, who_not, chair, advocate, alone
    label: str
    words: str
    asked: bool  # the child asked for something the IRO should plan for


def _booklet(invitation: Invitation, cache: dict[int, Booklet | None]) -> Booklet | None:
    version = invitation.booklet_version
    if version.id not in cache:
        try:
            cache[version.id] = booklet_of(version)
        except BookletError:
            # A definition that no longer parses has no labels or kinds to go by.
            cache[version.id] = None
    return cache[version.id]


def _sent_child_booklets(child: Child, until: date | None) -> list[Invitation]:
    query = (
        db.select(Invitation)
        .join(Review)
        .where(
            Review.child_id == child.id,
            Invitation.respondent == "child",
            Invitation.submitted_at.is_not(None),
        )
        .options(
            selectinload(Invitation.answers),
            selectinload(Invitation.booklet_version),
            selectinload(Invitation.review),
        )
        .order_by(Review.review_date, Invitation.submitted_at, Invitation.id)
    )
    if until is not None:
        query = query.where(Review.review_date <= until)
    return list(db.session.execute(query).scalars())


def faces_over_time(child: Child, until: date | None = None) -> FacesHistory:
    """The child's faces answers per review date, oldest first, matched by question key.

    ``until`` leaves out later reviews, so that an older review's page shows its own past.
    A later booklet sent for the same review wins over an earlier one.
    """
    cache: dict[int, Booklet | None] = {}
    # key -> review date -> face key; labels and order from the newest booklet asking each key.
    faces: dict[str, dict[date, str]] = {}
    labels: dict[str, str] = {}
    order: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for invitation in _sent_child_booklets(child, until):
        booklet = _booklet(invitation, cache)
        if booklet is None:
            continue
        booklet = as_staff_read(booklet, invitation.answers)
        day = invitation.review.review_date
        by_key = {a.question_key: a for a in invitation.answers if not a.only_iro}
        for position, question in enumerate(booklet.questions()):
            if question.kind not in FACES:
                continue
            answer = by_key.get(question.key)
            if answer is None or _face(answer) is None:
                continue
            faces.setdefault(question.key, {})[day] = _face(answer)
            labels[question.key] = question.label
            kinds[question.key] = question.kind
            order[question.key] = position
    dates = sorted({day for answers in faces.values() for day in answers})
    history = FacesHistory(dates=dates)
    # Rows in the newest booklet's order: the order the child last saw the questions in.
    for key in sorted(faces, key=lambda k: order[k]):
        answers = faces[key]
        row = FacesRow(
            key=key,
            label=labels[key],
            cells=[_face_words(kinds[key], answers[d]) if d in answers else None for d in dates],
        )
        row.change = _change(answers, dates)
        history.rows.append(row)
    return history


def _face(answer: Answer) -> str | None:
    value = answer.value
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if value in FACE_SCORE or value == RATHER_NOT_SAY:
        return value
    return None


def _face_words(kind: str, face: str) -> str:
    bare = Question(key="", kind=kind, label="", hint=None, options=(), theme=None)
    return choice_words(bare, face)


def _change(answers: dict[date, str], dates: list[date]) -> str | None:
    """Better, worse or same: this question's answer at the newest review against its last one."""
    if not dates or dates[-1] not in answers:
        return None
    earlier = [d for d in dates[:-1] if d in answers]
    if not earlier:
        return None
    now, before = FACE_SCORE.get(answers[dates[-1]]), FACE_SCORE.get(answers[earlier[-1]])
    if now is None or before is None:
        return None
    if now > before:
        return "better"
    if now < before:
        return "worse"
    return "same"


def review_menu(invitation: Invitation) -> list[MenuLine]:
    """The review-menu requests of one sent booklet, as lines for the IRO to plan the meeting by.

    A line for each request the booklet asks, answered or not; none for one it does not ask.
    """
    if invitation.submitted_at is None:
        return []
    booklet = _booklet(invitation, {})
    if booklet is None:
        return []
    # Menu questions are never free text, so none is "only my IRO"; the check keeps it so.
    answers = {a.question_key: a.value for a in invitation.answers if not a.only_iro}
    booklet = personalise(booklet, answers)
    by_measure = {q.measure: q for q in booklet.questions() if q.measure}
    lines: list[MenuLine] = []
    for item, measure, label in MENU_MEASURES[:1]:
        lines += _menu_line(item, label, by_measure.get(measure), answers)
    for question in booklet.questions():
        item = _who_item(question)
        if item:
            lines += _menu_line(item, WHO_LABELS[item], question, answers)
    for item, measure, label in MENU_MEASURES[1:]:
        lines += _menu_line(item, label, by_measure.get(measure), answers)
    return lines


def _who_item(question: Question) -> str | None:
    if question.kind != "choose_many":
        return None
    key = question.key.lower()
    if key in WHO_NOT_WANTED_KEYS or ("who" in key and "not" in key):
        return "who_not"
    if key in WHO_WANTED_KEYS or "who" in key:
        return "who"
    return None


def _menu_line(item: str, label, question: Question | None, answers: dict) -> list[MenuLine]:
    if question is None:
        return []
    value = answers.get(question.key)
    words = answer_words(question, value)
    if question.kind == "yes_no_unsure":
        single = value[0] if isinstance(value, list) and len(value) == 1 else value
        asked = single == "yes"
    else:
        asked = value not in (None, "", [], RATHER_NOT_SAY, [RATHER_NOT_SAY])
    return [MenuLine(item=item, label=str(label), words=words, asked=asked)]


def menu_invitation(review: Review) -> Invitation | None:
    """The child's newest sent booklet for this review that asks any review-menu question."""
    sent = [i for i in review.invitations if i.respondent == "child" and i.submitted_at]
    for invitation in sorted(sent, key=lambda i: (i.submitted_at, i.id), reverse=True):
        if review_menu(invitation):
            return invitation
    return None


@dataclass
class RecordBooklet:
    """One sent booklet as the review record shows it: no answer kept for the IRO."""

    invitation: Invitation
    reading: Reading
    left_out: int  # how many only-IRO answers are not shown; never what they say

    @property
    def pages(self) -> list[tuple[str, list[ReadAnswer]]]:
        return [
            (title, [a for a in answers if not a.only_iro])
            for title, answers in self.reading.pages()
            if any(not a.only_iro for a in answers)
        ]

    @property
    def others(self) -> list[ReadAnswer]:
        return [a for a in self.reading.unmatched if not a.only_iro]


def record_booklets(review: Review) -> list[RecordBooklet]:
    """The child's sent booklets for a review, oldest first, for the record of the review."""
    sent = [i for i in review.invitations if i.respondent == "child" and i.submitted_at]
    booklets = []
    for invitation in sorted(sent, key=lambda i: (i.submitted_at, i.id)):
        reading = read_invitation(invitation)
        booklets.append(RecordBooklet(invitation, reading, left_out=len(reading.only_iro)))
    return booklets
