"""Forms on the child's path: the short code, and the answers on one booklet page.

A page's questions come from content, not code, so they cannot be a fixed form class: each
question becomes a ``QuestionField`` that reads and checks the posted values for its kind, and
that the page template renders. Every kind family (one choice, many choices, words) is read in one
place only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import DataRequired

from app.domain.booklets.definitions import FACES, RATHER_NOT_SAY, Page, Question
from app.domain.booklets.plain import mentions_advocate
from app.domain.reading.answers import choice_words

MAX_TEXT = 5000


# Words for the answers that every booklet shares; a booklet's own options carry their words.
class CodeForm(FlaskForm):
    code = StringField(
        _l("Your code"),
        validators=[
            DataRequired(_l("Type the code from your letter. It has 8 letters and numbers."))
        ],
    )


class SendForm(FlaskForm):
    """Only the CSRF token: sending needs nothing more than the child's say-so."""


def choice_values(question: Question) -> list[str]:
    """The values a child may pick, as they travel in the form, without "rather not say"."""
    if question.kind == "scale10":
        return [str(n) for n in range(11)]
    return question.choices


@dataclass(frozen=True)
class Choice:
    value: str
    words: str
    checked: bool
    id: str


@dataclass
class QuestionField:
    """One question on a page: what to show in it, and what to save from it."""

    question: Question
    selected: set[str] = field(default_factory=set)
    text: str = ""
    only_iro: bool = False
    error: str | None = None
    answer: object = None  # what to store; None means "no answer" (skipping is allowed)
    # A drawing question's kept drawing and recording ("drawing", "voice"), kept apart from words.
    media: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return self.question.key

    @property
    def id(self) -> str:
        return f"q-{self.question.key}"

    @property
    def rather_not_say(self) -> bool:
        return RATHER_NOT_SAY in self.selected

    @property
    def input_type(self) -> str:
        return "checkbox" if self.question.kind == "choose_many" else "radio"

    @property
    def layout(self) -> str:
        if self.question.kind in FACES:
            return "faces"
        if self.question.kind == "scale10":
            return "scale"
        return "list"

    def choices(self) -> list[Choice]:
        values = choice_values(self.question)
        return [
            Choice(v, choice_words(self.question, v), v in self.selected, f"{self.id}-{v}")
            for v in values
        ]

    def rather_not_say_choice(self) -> Choice:
        return Choice(
            RATHER_NOT_SAY,
            choice_words(self.question, RATHER_NOT_SAY),
            self.rather_not_say,
            f"{self.id}-{RATHER_NOT_SAY}",
        )


def field_from_answer(question: Question, value: object, only_iro: bool = False) -> QuestionField:
    """A field showing what the child saved before."""
    f = QuestionField(question, only_iro=only_iro, answer=value)
    if value is None:
        return f
    if value == RATHER_NOT_SAY:
        f.selected = {RATHER_NOT_SAY}
    elif question.is_text:
        f.text = str(value)
    elif isinstance(value, list):
        f.selected = {str(v) for v in value}
    else:
        f.selected = {str(value)}
    return f


def read_page(page: Page, formdata: MultiDict) -> list[QuestionField]:
    """Read every question of a page from a posted form; each field knows its own error."""
    return [read_question(q, formdata) for q in page.questions]


def read_question(question: Question, formdata: MultiDict) -> QuestionField:
    if question.is_text:
        return _read_words(question, formdata)
    if question.kind == "choose_many":
        return _read_many(question, formdata)
    return _read_one(question, formdata)


def _read_one(question: Question, formdata: MultiDict) -> QuestionField:
    f = QuestionField(question)
    posted = [v for v in formdata.getlist(question.key) if v != ""]
    allowed = choice_values(question) + [RATHER_NOT_SAY]
    if not posted:
        return f
    if len(posted) > 1 or posted[0] not in allowed:
        f.error = _("Choose one of the answers below.")
        return f
    value = posted[0]
    f.selected = {value}
    if question.kind == "scale10" and value != RATHER_NOT_SAY:
        f.answer = int(value)
    else:
        f.answer = value
    return f


def _read_many(question: Question, formdata: MultiDict) -> QuestionField:
    f = QuestionField(question)
    posted = [v for v in formdata.getlist(question.key) if v != ""]
    allowed = choice_values(question)
    known = [v for v in posted if v in allowed or v == RATHER_NOT_SAY]
    f.selected = set(known)
    if len(known) != len(posted):
        f.error = _("Choose from the answers below.")
    elif RATHER_NOT_SAY in known and len(known) > 1:
        f.error = _(
            "Tick the answers you want, or tick “I'd rather not say”. Please do not tick both."
        )
    elif known == [RATHER_NOT_SAY]:
        f.answer = RATHER_NOT_SAY
    elif known:
        # Kept in the booklet's order, so the IRO reads the same list whatever order was ticked.
        f.answer = [v for v in allowed if v in f.selected]
    return f


def _read_words(question: Question, formdata: MultiDict) -> QuestionField:
    text = formdata.get(question.key, "").replace("\r\n", "\n").strip()
    f = QuestionField(
        question,
        text=text,
        only_iro=formdata.get(f"{question.key}-only-iro") == "yes",
    )
    if formdata.get(f"{question.key}-{RATHER_NOT_SAY}") == "yes":
        f.selected = {RATHER_NOT_SAY}
    if len(text) > MAX_TEXT:
        f.error = _(
            "That is too long. Please use %(most)s letters or fewer. You used %(used)s.",
            most=f"{MAX_TEXT:,}",
            used=f"{len(text):,}",
        )
    elif text and f.rather_not_say:
        f.error = _(
            "You wrote an answer and ticked “I'd rather not say”. "
            "Untick the box to send your words, or delete your words."
        )
    elif f.rather_not_say:
        f.answer = RATHER_NOT_SAY
    elif text:
        f.answer = text
    return f


def page_context(page: Page, fields: list[QuestionField]) -> dict:
    """What booklet/page.html needs beyond the page and its fields, for the child's page and an
    admin's preview alike: the errors; the optional questions drawn in one fold (``folded``) and
    whether it shows open (``fold_open``: one is answered or has an error), worked out here as the
    template's ``selectattr`` filters took a thirtieth of a page's time; whether the form must
    carry a drawing's file; whether "advocate" is said, so explained."""
    folded = [f for f in fields if f.question.folded]
    return {
        "errors": [f for f in fields if f.error],
        "folded": folded,
        "fold_open": any(f.answer is not None or f.error for f in folded),
        # A drawing travels as a file, which only a multipart form can carry.
        "uploads": any(q.kind == "drawing" for q in page.questions),
        "explain_advocate": mentions_advocate([page]),
    }
