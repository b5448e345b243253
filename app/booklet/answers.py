"""A child's saved answers: stored one row per question, and read back in words."""

from __future__ import annotations

from app.booklet.access import answers_of
from app.booklet.forms import QuestionField, field_from_answer
from app.domain.booklets.definitions import RATHER_NOT_SAY, Booklet, Page
from app.domain.media.store import media_of
from app.domain.reading.answers import answer_words
from app.domain.themes.answers import suggest_for
from app.domain.themes.flags import choice_level, flag_choice
from app.extensions import db
from app.models import Answer, Invitation
from app.models.themes import FlagLevel


def saved_answers(invitation: Invitation) -> dict[str, Answer]:
    # The relationship, not a query of its own: booklet_for() has loaded (and decrypted) these
    # rows already for the child's own words, so a page reads and decrypts them once.
    return {a.question_key: a for a in answers_of(invitation)}


def answered_pages(invitation: Invitation, booklet: Booklet) -> list[dict]:
    """Every page's questions with the child's answers in words, for the check page and the
    child's own copy (which keeps the answers only their IRO may see: they are the child's)."""
    saved = saved_answers(invitation)
    media = media_of(invitation.id)
    pages = []
    for number, page in enumerate(booklet.pages, start=1):
        rows = []
        for q in page.questions:
            answer = saved.get(q.key)
            value = answer.value if answer else None
            added = media.get(q.key, set())
            rows.append(
                {
                    "question": q,
                    # A drawing with no words is an answer: it does not say "Not answered".
                    "words": "" if added and value in (None, "") else answer_words(q, value),
                    "answered": answer is not None or bool(added),
                    "only_iro": bool(answer and answer.only_iro),
                    "media": added,
                }
            )
        pages.append({"number": number, "page": page, "rows": rows})
    return pages


def saved_fields(invitation: Invitation, page: Page) -> list[QuestionField]:
    """The page's questions filled in with what the child saved before."""
    saved = saved_answers(invitation)
    # Only a drawing question carries media: other pages (most) need no query for it.
    media = media_of(invitation.id) if any(q.kind == "drawing" for q in page.questions) else {}
    fields = []
    for q in page.questions:
        answer = saved.get(q.key)
        if answer is None:
            f = field_from_answer(q, None)
        else:
            f = field_from_answer(q, answer.value, answer.only_iro)
        f.media = set(media.get(q.key, set()))
        fields.append(f)
    return fields


def save_fields(invitation: Invitation, fields: list[QuestionField]) -> bool:
    """Save every field that is right; leave the saved answer alone where one is wrong.

    An empty field deletes any earlier answer: a child may always change their mind to "skip".
    Returns True when a changed answer suggests a risk of harm now: the child's words, or a choice
    the booklet marks urgent. The caller commits.
    """
    saved = saved_answers(invitation)
    changed_words, changed_choices = [], []
    for f in fields:
        if f.error:
            continue
        existing = saved.get(f.question.key)
        if f.answer is None:
            if existing is not None:
                db.session.delete(existing)
            continue
        if existing is None:
            existing = Answer(invitation_id=invitation.id, question_key=f.question.key)
            db.session.add(existing)
        if f.question.is_text and existing.value != f.answer:
            changed_words.append((existing, f.question))
        elif existing.value != f.answer and choice_level(f.question, f.answer):
            changed_choices.append((f.question, f.answer))
        existing.set_value(f.answer, words=f.question.is_text)
        existing.booklet_version_id = invitation.booklet_version_id
        # Only words can be kept from the review; a choice has nothing private to hide.
        existing.only_iro = bool(f.only_iro and f.question.is_text and f.answer != RATHER_NOT_SAY)
    urgent = False
    for answer, question in changed_words:
        result = suggest_for(answer, invitation.language, question)
        urgent = urgent or bool(result and result.urgent)
    for question, value in changed_choices:
        flag = flag_choice(invitation, question, value)
        urgent = urgent or bool(flag and flag.level == FlagLevel.URGENT)
    return urgent
