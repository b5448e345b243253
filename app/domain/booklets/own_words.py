"""The child's own words for the people in their life, used back to them in the booklet.

Children ask that their words for their family and carers be used (Medway records each child's
chosen terms). A booklet asks "What do you call your carer?" with ``measure: word_for_carer``;
later labels that say ``{carer}`` then show the child's word, and "your carer" until they give one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.domain.booklets.definitions import PLACEHOLDER, RATHER_NOT_SAY, Booklet, Page, Question

MEASURE_PERSON = {"word_for_carer": "carer", "word_for_mum": "mum", "word_for_dad": "dad"}
DEFAULT_WORDS = {"carer": _l("your carer"), "mum": _l("your mum"), "dad": _l("your dad")}
# A child's word is a name, not a sentence: longer answers are not used back to them.
MOST_LETTERS = 40


def words_for(booklet: Booklet, answers: Mapping[str, object]) -> dict[str, str]:
    """The child's word for each person, from ``answers`` (question key to stored value)."""
    words = {person: str(default) for person, default in DEFAULT_WORDS.items()}
    for question in booklet.questions():
        person = MEASURE_PERSON.get(question.measure or "")
        value = answers.get(question.key)
        if person is None or not isinstance(value, str) or value == RATHER_NOT_SAY:
            continue
        word = " ".join(value.split())
        if word and len(word) <= MOST_LETTERS:
            words[person] = word
    return words


def fill(text: str | None, words: Mapping[str, str]) -> str | None:
    """``text`` with each placeholder replaced; ``{Carer}`` starts a sentence, so gets a capital."""
    if not text or "{" not in text:
        return text
    # Translate before filling in: catalogues hold the words with their placeholders, so a label
    # already holding the child's own words would never match its translation.
    text = gettext(text)

    def one(match):
        name = match.group(1)
        word = words.get(name.lower())
        if word is None:
            return match.group(0)
        return word[:1].upper() + word[1:] if name[:1].isupper() else word

    return PLACEHOLDER.sub(one, text)


def personalise(booklet: Booklet, answers: Mapping[str, object]) -> Booklet:
    """The booklet as this child sees it: every placeholder filled with their words."""
    words = words_for(booklet, answers)
    return replace(booklet, pages=tuple(_page(page, words) for page in booklet.pages))


def personalise_page(booklet: Booklet, number: int, answers: Mapping[str, object]) -> Page:
    """Page ``number`` (from 1) of ``personalise(booklet, answers)``, without filling the others:
    a question page shows one page of ten."""
    page = booklet.pages[number - 1]
    # Most pages name nobody: the child's words are not worked out for them.
    if not _page_placeholders(page):
        return page
    return _page(page, words_for(booklet, answers))


def _page_placeholders(page: Page) -> bool:
    return _placeholders(page.title, page.intro, page.fold) or any(
        _question_placeholders(q) for q in page.questions
    )


def _question_placeholders(question: Question) -> bool:
    return _placeholders(question.label, question.hint, *(label for _, label in question.options))


def _page(page: Page, words: Mapping[str, str]) -> Page:
    questions = tuple(_question(q, words) for q in page.questions)
    # Most pages name nobody: kept as they are, as a page is drawn on every request.
    if not _placeholders(page.title, page.intro, page.fold) and all(
        new is old for new, old in zip(questions, page.questions, strict=True)
    ):
        return page
    return replace(
        page,
        title=fill(page.title, words),
        intro=fill(page.intro, words),
        fold=fill(page.fold, words),
        questions=questions,
    )


def _placeholders(*texts: str | None) -> bool:
    return any(text and "{" in text for text in texts)


def _question(question: Question, words: Mapping[str, str]) -> Question:
    if not _question_placeholders(question):
        return question
    return replace(
        question,
        label=fill(question.label, words),
        hint=fill(question.hint, words),
        options=tuple((key, fill(label, words)) for key, label in question.options),
    )


def as_staff_read(booklet: Booklet, answers: Iterable) -> Booklet:
    """``booklet`` with the child's words filled in, for staff pages and papers.

    ``answers`` are the invitation's stored answers; a word kept for the IRO only stays out of the
    labels, which may be printed or shared, so those read "your carer" instead.
    """
    return personalise(booklet, {a.question_key: a.value for a in answers if not a.only_iro})
