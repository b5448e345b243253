"""Themes on children's saved answers: suggest them, let the IRO decide, and flag urgent answers.

Suggestions come from :func:`app.domain.themes.engine.classify`, with the words behind each. The IRO's
decisions win: a theme the IRO confirmed or removed is never touched by a new suggestion, while a
suggestion nobody has decided on follows the child's latest words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.booklets.definitions import RATHER_NOT_SAY, BookletError, Question, booklet_of
from app.domain.booklets.own_words import as_staff_read
from app.domain.themes.engine import THEMES, Classification, classify
from app.domain.themes.flags import flag_words
from app.extensions import db
from app.models import Answer, BookletVersion, Invitation, User, utcnow
from app.models.themes import AnswerTheme, ThemeStatus

_ORDER = {theme: index for index, theme in enumerate(THEMES)}


def answer_text(answer: Answer, question: Question | None = None) -> str | None:
    """The child's own words in a text answer; None for a choice, a skip or "rather not say"."""
    if question is None:
        question = _question_of(answer)
    if question is None or not question.is_text:
        return None
    value = answer.value
    if not isinstance(value, str) or value == RATHER_NOT_SAY or not value.strip():
        return None
    return value


def _question_of(answer: Answer) -> Question | None:
    stored = db.session.get(BookletVersion, answer.booklet_version_id)
    if stored is None:
        return None
    try:
        return booklet_of(stored).question(answer.question_key)
    except BookletError:
        return None


def suggest_for(
    answer: Answer, language: str | None = None, question: Question | None = None
) -> Classification | None:
    """(Re)suggest themes for a text answer just saved or changed, and flag it if urgent.

    An answer the engine cannot read (another language, emoji only) is flagged to read today.
    Returns the classification, or None when the answer holds no words. The caller commits.
    """
    text = answer_text(answer, question)
    db.session.flush()  # a new answer needs its id, and its invitation, from here on
    invitation = answer.invitation
    if language is None:
        language = invitation.language
    result = classify(text, language) if text else Classification(themes=[], urgent=False)
    current = {row.theme: row for row in answer.themes}
    for theme, row in current.items():
        if row.status == ThemeStatus.SUGGESTED and theme not in result.themes:
            answer.themes.remove(row)
    for theme in result.themes:
        row = current.get(theme)
        if row is None:
            answer.themes.append(
                AnswerTheme(theme=theme, evidence=list(result.evidence.get(theme, [])))
            )
        elif row.status == ThemeStatus.SUGGESTED:
            row.evidence = list(result.evidence.get(theme, []))
    if text:
        if question is None:
            question = _question_of(answer)
        if question is None:
            question = Question(answer.question_key, "text", answer.question_key, None, (), None)
        flag_words(invitation, question, result)
    return result if text else None


def decide(answer: Answer, chosen: set[str], user: User) -> None:
    """Record the IRO's themes for an answer: ``chosen`` confirmed, every other one removed.

    Themes neither suggested nor chosen are left out, so the report does not count them at all.
    """
    unknown = chosen - set(THEMES)
    if unknown:
        raise ValueError(f"not theme ids: {', '.join(sorted(unknown))}")
    now = utcnow()
    current = {row.theme: row for row in answer.themes}
    for theme in THEMES:
        row = current.get(theme)
        wanted = theme in chosen
        if row is None and not wanted:
            continue
        if row is None:
            row = AnswerTheme(theme=theme, evidence=[])
            answer.themes.append(row)
        status = ThemeStatus.CONFIRMED if wanted else ThemeStatus.REMOVED
        if row.status != status or row.decided_at is None:
            row.status = status
            row.decided_by_id = user.id
            row.decided_at = now


@dataclass
class ThemeView:
    theme: str
    label: str
    status: str
    evidence: list[str]


@dataclass
class AnswerThemes:
    """One text answer's themes, for the IRO's review page."""

    answer: Answer
    label: str
    only_iro: bool
    themes: list[ThemeView] = field(default_factory=list)

    @property
    def chosen(self) -> set[str]:
        return {t.theme for t in self.themes if t.status != ThemeStatus.REMOVED}

    @property
    def undecided(self) -> bool:
        return any(t.status == ThemeStatus.SUGGESTED for t in self.themes)


def _questions(invitation: Invitation) -> dict[str, tuple[int, Question]]:
    try:
        # Labels as the child saw them, with their words for their people, never "{carer}".
        booklet = as_staff_read(booklet_of(invitation.booklet_version), invitation.answers)
    except BookletError:
        return {}
    return {q.key: (i, q) for i, q in enumerate(booklet.questions())}


def themes_of(invitation: Invitation) -> list[AnswerThemes]:
    """Every text answer of a booklet with its themes, in booklet order."""
    order = _questions(invitation)
    found = []
    for answer in invitation.answers:
        index, question = order.get(answer.question_key, (len(order), None))
        if question is None:
            question = Question(answer.question_key, "text", answer.question_key, None, (), None)
        if answer_text(answer, question) is None and not answer.themes:
            continue
        rows = sorted(answer.themes, key=lambda r: _ORDER.get(r.theme, len(_ORDER)))
        views = [
            ThemeView(r.theme, THEMES.get(r.theme, r.theme), r.status, r.evidence or [])
            for r in rows
        ]
        found.append((index, AnswerThemes(answer, question.label, answer.only_iro, views)))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]
