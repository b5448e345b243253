"""A respondent's answers in words, question by question, in the order of the booklet they used.

Plain functions so that the IRO's page, PDFs and exports all say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.domain.booklets.definitions import (
    RATHER_NOT_SAY,
    Booklet,
    BookletError,
    Question,
    booklet_of,
)
from app.domain.booklets.i18n import booklet_text
from app.domain.booklets.own_words import personalise
from app.domain.media.store import media_of
from app.models import Answer, Invitation


def N_(words: str) -> str:
    """Marks words for the catalogue (``N_`` is one of pybabel's keywords); they are translated
    where shown, by ``booklet_text``: through the catalogue the request has found already, where
    Flask-Babel's lazy strings would look the context, domain and locale up again for every word
    (five to fifteen of them on a booklet page)."""
    return words


FACE_WORDS = {
    "very_happy": N_("Very happy"),
    "happy": N_("Happy"),
    "ok": N_("OK"),
    "sad": N_("Sad"),
    "very_sad": N_("Very sad"),
}
FIXED_WORDS = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "not_sure": N_("Not sure"),
}
RATHER_NOT_SAY_WORDS = N_("I'd rather not say")


@dataclass(frozen=True)
class ReadAnswer:
    """One question with its answer in words; ``answered`` is False when it was left out."""

    page_title: str
    key: str
    label: str
    kind: str
    words: str
    answered: bool
    only_iro: bool = False
    # What the child added besides words: "drawing", "voice" (see app.domain.media).
    media: tuple[str, ...] = ()


MEDIA_WORDS = {"drawing": _l("A drawing"), "voice": _l("A voice recording")}


def media_words(media) -> list[str]:
    """What a child added, in words, for pages and PDFs that cannot show or play it."""
    return [str(MEDIA_WORDS[kind]) for kind in ("drawing", "voice") if kind in media]


@dataclass
class Reading:
    booklet: Booklet
    # Every question of the booklet, in order; only-IRO answers are here too, flagged.
    answers: list[ReadAnswer] = field(default_factory=list)
    # Answers to questions the booklet version does not have (it should not happen; never hide).
    unmatched: list[ReadAnswer] = field(default_factory=list)

    @property
    def only_iro(self) -> list[ReadAnswer]:
        return [a for a in self.answers + self.unmatched if a.only_iro]

    @property
    def answered_count(self) -> int:
        return sum(1 for a in self.answers if a.answered)

    def pages(self) -> list[tuple[str, list[ReadAnswer]]]:
        """The answers grouped by page title, pages in booklet order."""
        grouped: list[tuple[str, list[ReadAnswer]]] = []
        for answer in self.answers:
            if not grouped or grouped[-1][0] != answer.page_title:
                grouped.append((answer.page_title, []))
            grouped[-1][1].append(answer)
        return grouped


def _is_missing(value: object) -> bool:
    return value is None or value == "" or value == []


def _single(value: object) -> object:
    # A one-choice answer may be stored bare or as a list of one; both mean the same.
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def answer_words(question: Question, value: object) -> str:
    """The answer as a person would say it: "Very happy", "7 out of 10", the child's own words."""
    if _is_missing(value):
        return _("Not answered")
    if _single(value) == RATHER_NOT_SAY:
        return booklet_text(RATHER_NOT_SAY_WORDS)
    if question.is_text:
        return str(value)
    if question.kind == "scale10":
        number = _single(value)
        if isinstance(number, bool) or not isinstance(number, int | float | str):
            return str(number)
        try:
            return _("%(number)s out of 10", number=int(number))
        except ValueError:
            return str(number)
    if question.kind == "choose_many":
        keys = value if isinstance(value, list) else [value]
        return ", ".join(choice_words(question, key) for key in keys)
    return choice_words(question, _single(value))


def choice_words(question: Question, key: object) -> str:
    """The words for one choice of a question, as the child sees them on the page."""
    if key == RATHER_NOT_SAY:
        return booklet_text(RATHER_NOT_SAY_WORDS)
    if question.kind in ("faces3", "faces5") and key in FACE_WORDS:
        return booklet_text(FACE_WORDS[key])
    if question.kind == "yes_no_unsure" and key in FIXED_WORDS:
        return booklet_text(FIXED_WORDS[key])
    for option_key, label in question.options:
        if option_key == key:
            return booklet_text(label)
    # An answer the definition does not know is still the child's answer: show it as stored.
    return str(key)


def read(
    booklet: Booklet, answers: list[Answer], media: dict[str, set[str]] | None = None
) -> Reading:
    """Put ``answers`` (and ``media``, question key -> kinds) against every question of
    ``booklet``, in booklet order."""
    by_key = {answer.question_key: answer for answer in answers}
    media = media or {}
    reading = Reading(booklet=booklet)
    for page in booklet.pages:
        for question in page.questions:
            answer = by_key.pop(question.key, None)
            value = answer.value if answer is not None else None
            added = tuple(sorted(media.get(question.key, ())))
            # A drawing with no words is answered; its row shows the drawing, not "Not answered".
            words = "" if added and _is_missing(value) else answer_words(question, value)
            reading.answers.append(
                ReadAnswer(
                    page_title=page.title,
                    key=question.key,
                    label=question.label,
                    kind=question.kind,
                    words=words,
                    answered=not _is_missing(value) or bool(added),
                    only_iro=bool(answer and answer.only_iro),
                    media=added,
                )
            )
    for key, answer in by_key.items():
        stray = Question(key=key, kind="text", label=key, hint=None, options=(), theme=None)
        reading.unmatched.append(
            ReadAnswer(
                page_title="",
                key=key,
                label=key,
                kind="text",
                words=answer_words(stray, answer.value),
                answered=not _is_missing(answer.value),
                only_iro=answer.only_iro,
            )
        )
    return reading


def read_invitation(invitation: Invitation) -> Reading:
    """The answers of one invitation against the exact booklet version it was given."""
    version = invitation.booklet_version
    try:
        booklet = booklet_of(version)
    except BookletError:
        # A stored definition that no longer parses must not hide what the child said.
        booklet = Booklet(
            slug=version.slug,
            version=version.version,
            title=version.slug,
            audience="child",
            pages=(),
        )
    answers = list(invitation.answers)
    # Each question reads as the child saw it, with their words for their people; a word kept for
    # the IRO only stays out of labels, which may be printed or shared.
    words = {a.question_key: a.value for a in answers if not a.only_iro}
    return read(personalise(booklet, words), answers, media_of(invitation.id))
