"""What needs a person today in a booklet, why, and the one place each kind of flag is raised.

Three ways in, one path out. A child's words that suggest harm now (the lexicon or the
classifier), a choice the booklet marks urgent ("No" to "Do you feel safe where you live?"), and
the child asking for their IRO to know today all become an urgent :class:`UrgentFlag` and go
through :func:`app.domain.themes.safety.mark_urgent`: the booklet is marked, people are alerted
at once, and the alert stays open until someone records what they did.

A choice the booklet marks a worry ("Not sure"), and an answer the engine cannot read (another
language, emoji, a drawing or a recording), become a "read today" flag instead: no message is
sent, but the caseload and the reading page show it until someone has read the answer.

What was flagged stays flagged even if the child changes or deletes the answer: the IRO must
still follow it up. Reasons are in staff words (the question, and the choice the child made),
never the child's own words, because a reason may be shown on the whole team's dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.domain.booklets.definitions import RATHER_NOT_SAY, BookletError, Question, booklet_of
from app.domain.booklets.own_words import as_staff_read
from app.domain.reading.answers import choice_words
from app.domain.themes.engine import Classification
from app.domain.themes.readable import unreadable_reason
from app.domain.themes.safety import mark_urgent
from app.extensions import db
from app.models import Invitation, User, utcnow
from app.models.alerts import Alert
from app.models.themes import FlagLevel, FlagSource, UrgentFlag

ASKED_REASON = "The child asked for their IRO to know today"
ANSWER_REASON = "An answer in the booklet suggests a risk of harm now"
# The longest message a child may add to "Tell my IRO today".
MESSAGE_LENGTH = 500


def _flag(
    invitation: Invitation,
    question_key: str,
    level: str,
    source: str,
    evidence: Iterable[str] = (),
) -> UrgentFlag:
    """The question's flag, made or raised to ``level``; a flag never goes down."""
    flag = next((f for f in invitation.urgent_flags if f.question_key == question_key), None)
    if flag is None:
        flag = UrgentFlag(question_key=question_key, evidence=[], level=level, source=source)
        invitation.urgent_flags.append(flag)
    elif level == FlagLevel.URGENT and flag.level != FlagLevel.URGENT:
        flag.level, flag.source = level, source
    elif flag.level == level:
        flag.source = source
    known = list(flag.evidence or [])
    new = [item for item in evidence if item not in known]
    if new:
        # What was written once stays: the child may delete it, the IRO must still follow it up.
        flag.evidence = known + new
        flag.checked_at = flag.checked_by_id = None
    return flag


def flag_words(
    invitation: Invitation, question: Question, result: Classification
) -> UrgentFlag | None:
    """Flag a text answer the engine judged urgent (and alert), or could not read; else None."""
    if result.urgent:
        flag = _flag(
            invitation,
            question.key,
            FlagLevel.URGENT,
            FlagSource.WORDS,
            result.evidence.get("urgent", []),
        )
        if result.model_words:
            known = list(flag.model_words or [])
            flag.model_words = known + [w for w in result.model_words if w not in known]
        if result.probability is not None:
            flag.probability = max(flag.probability or 0.0, result.probability)
        mark_urgent(invitation, _reason(ANSWER_REASON, question))
        return flag
    if result.unreadable:
        flag = _flag(invitation, question.key, FlagLevel.READ_TODAY, FlagSource.NOT_CHECKED)
        if flag.source == FlagSource.NOT_CHECKED:
            flag.unreadable = result.unreadable
            flag.checked_at = flag.checked_by_id = None
        return flag
    return None


def flag_media(invitation: Invitation, question: Question) -> UrgentFlag | None:
    """An answer with no words to read (a drawing, a photo, a recording) is read today."""
    reason = unreadable_reason(None, question.kind)
    if reason is None:
        return None
    flag = _flag(invitation, question.key, FlagLevel.READ_TODAY, FlagSource.NOT_CHECKED)
    if flag.source == FlagSource.NOT_CHECKED:
        flag.unreadable = reason
        flag.checked_at = flag.checked_by_id = None
    return flag


def choice_level(question: Question, value: object) -> str | None:
    """Whether a choice needs a person today, as the booklet says: urgent, read today, or None.

    "I'd rather not say" to a question that has urgent or worrying answers is read today too: a
    child who will not say whether they are safe at home is someone to talk to.
    """
    if not (question.urgent_answers or question.worry_answers) or value is None:
        return None
    chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    if chosen & set(question.urgent_answers):
        return FlagLevel.URGENT
    if chosen & set(question.worry_answers) or RATHER_NOT_SAY in chosen:
        return FlagLevel.READ_TODAY
    return None


def flag_choice(invitation: Invitation, question: Question, value: object) -> UrgentFlag | None:
    """Flag a choice the booklet marks urgent (and alert) or a worry; None for any other."""
    level = choice_level(question, value)
    if level is None:
        return None
    chosen = value if isinstance(value, list) else [value]
    triggers = question.urgent_answers if level == FlagLevel.URGENT else None
    keys = [str(v) for v in chosen if triggers is None or str(v) in triggers]
    flag = _flag(invitation, question.key, level, FlagSource.CHOICE, keys)
    if level == FlagLevel.URGENT:
        mark_urgent(invitation, answered_reason(question, keys))
    return flag


def answered_reason(question: Question, keys: list[str]) -> str:
    """ "Answered No to: Do you feel safe where you live?", in staff words."""
    words = ", ".join(choice_words(question, key) for key in keys)
    return f"Answered {words} to: {question.label}"[:300]


def _reason(reason: str, question: Question) -> str:
    return f"{reason}: {question.label}"[:300]


def ask_today(invitation: Invitation, message: str = "") -> UrgentFlag:
    """The child asked for their IRO to know today, from the help page or the check page."""
    message = " ".join((message or "").split())[:MESSAGE_LENGTH]
    flag = _flag(
        invitation,
        UrgentFlag.ASKED,
        FlagLevel.URGENT,
        FlagSource.ASKED,
        [message] if message else [],
    )
    mark_urgent(invitation, ASKED_REASON)
    return flag


def mark_checked(flag: UrgentFlag, user: User) -> bool:
    """Record that someone has read a read-today answer; False if it was already. Caller commits."""
    if flag.checked_at is not None or flag.level != FlagLevel.READ_TODAY:
        return False
    flag.checked_at = utcnow()
    flag.checked_by_id = user.id
    return True


# Reading the flags back, for the caseload and the IRO's reading page.


def open_alert_ids(invitation_ids: Iterable[int]) -> set[int]:
    """The invitations among these with an alert nobody has acknowledged."""
    ids = list(invitation_ids)
    if not ids:
        return set()
    return set(
        db.session.scalars(
            db.select(Alert.invitation_id).where(
                Alert.invitation_id.in_(ids), Alert.acknowledged_at.is_(None)
            )
        )
    )


def urgent_now(invitations: Iterable[Invitation]) -> bool:
    """Whether any of these booklets is urgent until acknowledged (the "Urgent" tag everywhere).

    A booklet marked urgent with no alert at all (from before alerts existed) stays urgent.
    """
    return bool(marks_of(invitations).urgent)


def read_today(invitations: Iterable[Invitation]) -> bool:
    """Whether any of these booklets has an answer to read today that nobody has read yet."""
    return bool(marks_of(invitations).read_today)


@dataclass
class Marks:
    """Which of many booklets are urgent now, and which have an answer to read today."""

    urgent: set[int]
    read_today: set[int]


def marks_of(invitations: Iterable[Invitation]) -> Marks:
    """The caseload's tags for many booklets at once, in three queries whatever their number."""
    invitations = list(invitations)
    marked = [i.id for i in invitations if i.urgent_at is not None]
    urgent: set[int] = set()
    if marked:
        alerted = set(
            db.session.scalars(
                db.select(Alert.invitation_id).where(Alert.invitation_id.in_(marked))
            )
        )
        urgent = open_alert_ids(marked) | {i for i in marked if i not in alerted}
    ids = [i.id for i in invitations]
    today: set[int] = set()
    if ids:
        today = set(
            db.session.scalars(
                db.select(UrgentFlag.invitation_id).where(
                    UrgentFlag.invitation_id.in_(ids),
                    UrgentFlag.level == FlagLevel.READ_TODAY,
                    UrgentFlag.checked_at.is_(None),
                )
            )
        )
    return Marks(urgent, today)


@dataclass
class FlagView:
    """One flag as the IRO reads it, beside the answer that raised it."""

    flag: UrgentFlag
    label: str | None  # the question, in the words the child saw; None for the child's request
    anchor: str  # the answer's id on the reading page
    private: bool  # the child kept the words for their IRO (or deleted them)
    choices: list[str] = field(default_factory=list)  # the choices that raised it, in words

    @property
    def urgent(self) -> bool:
        return self.flag.urgent

    @property
    def open(self) -> bool:
        return self.flag.urgent or self.flag.checked_at is None


def answer_anchor(invitation: Invitation, question_key: str) -> str:
    return f"answer-{invitation.id}-{question_key}"


def flags_of(
    invitation: Invitation, questions: dict[str, Question] | None = None
) -> list[FlagView]:
    """Every flag of a booklet: the child's request first, then in the order they were raised."""
    if questions is None:
        try:
            # Labels as the child saw them, with their words for their people, never "{carer}".
            booklet = as_staff_read(booklet_of(invitation.booklet_version), invitation.answers)
            questions = {q.key: q for q in booklet.questions()}
        except BookletError:
            questions = {}
    answers = {a.question_key: a for a in invitation.answers}
    views = []
    for flag in sorted(invitation.urgent_flags, key=lambda f: (not f.asked, f.id)):
        question = questions.get(flag.question_key)
        answer = answers.get(flag.question_key)
        if flag.asked:
            # The child's message is for their IRO: it is kept as private words.
            views.append(FlagView(flag, None, answer_anchor(invitation, flag.question_key), True))
            continue
        choices = []
        if flag.source == FlagSource.CHOICE and question is not None:
            choices = [choice_words(question, key) for key in flag.evidence or []]
        views.append(
            FlagView(
                flag,
                question.label if question else flag.question_key,
                answer_anchor(invitation, flag.question_key),
                # Words from an answer since deleted are private: the child's wish is unknown.
                private=answer is None or answer.only_iro,
                choices=choices,
            )
        )
    return views
