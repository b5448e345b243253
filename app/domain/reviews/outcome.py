"""After the review: the participation code suggested from how the child took part, the
things the child asked for in their booklet, which start the "You said, we did" letter, and
recording the outcome the IRO gives.

The IRO decides the code; the suggestion only says which code the facts point to, and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel import Locale, UnknownLocaleError
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.domain.booklets.definitions import RATHER_NOT_SAY, BookletError, booklet_of
from app.domain.reading.answers import choice_words
from app.models import Child, Invitation, Review, User, utcnow

# How the child took part -> (attended, the code it points to). Keys are stored on the review.
TOOK_PART: dict[str, tuple[bool, str]] = {
    "attended_spoke": (True, "PN1"),
    "attended_advocate": (True, "PN2"),
    "attended_symbolic": (True, "PN3"),
    "attended_no_view": (True, "PN4"),
    "absent_advocate": (False, "PN5"),
    "absent_conveyed": (False, "PN6"),
    "absent_no_views": (False, "PN7"),
}
TOOK_PART_LABELS = {
    "attended_spoke": _l("Came to the review and spoke for themselves"),
    "attended_advocate": _l("Came to the review, and an advocate spoke for them"),
    "attended_symbolic": _l("Came to the review and showed their views without words"),
    "attended_no_view": _l("Came to the review but gave no view"),
    "absent_advocate": _l("Did not come, but told an advocate what to say"),
    "absent_conveyed": _l("Did not come, but gave their views by booklet, phone, text or video"),
    "absent_no_views": _l("Did not come, and their views did not reach the review"),
}
CHAIRS = {
    "iro": _l("The IRO"),
    "child": _l("The child or young person"),
    "young_person_with_support": _l("The young person, with support"),
    "other": _l("Someone else"),
}
VENUE_LABELS = {
    "office": _l("Office"),
    "placement": _l("Placement (where the child lives)"),
    "school": _l("School"),
    "virtual": _l("Virtual (video or phone)"),
    "other": _l("Other"),
}

# The review-menu measures a child's booklet may ask, in the order the letter lists them.
REQUEST_MEASURES = ("venue_request", "request_chair", "request_advocate", "request_alone")
# What the child asked, in the child's own voice: the letter says "You said: ..." before it.
REQUEST_WORDS = {
    "request_chair": _l("I would like to chair my review."),
    "request_advocate": _l("I would like an advocate to help me say what I think."),
    "request_alone": _l("I want to talk to my IRO on my own before my review."),
}


def booklet_sent(review: Review) -> bool:
    """Whether the child sent back a booklet for this review (not a carer's, not "after")."""
    return any(i.respondent == "child" and i.submitted_at for i in review.invitations)


def under_four(review: Review) -> bool:
    return review.child.age_on(review.review_date) < 4


def suggest_code(review: Review, took_part: str | None) -> tuple[str | None, str]:
    """The participation code the facts point to, and the reason in words; None when unknown."""
    name = review.child.display_name
    if under_four(review):
        return "PN0", _("%(name)s was under 4 on the review date.", name=name)
    sent = booklet_sent(review)
    if took_part not in TOOK_PART:
        if sent:
            return None, _(
                "%(name)s sent back their booklet for this review: if they did not come, "
                "that points to PN6. Say how they took part.",
                name=name,
            )
        return None, _(
            "Say how %(name)s took part, and the code that fits will be used.", name=name
        )
    attended, code = TOOK_PART[took_part]
    reason = _("%(name)s: %(how)s.", name=name, how=str(TOOK_PART_LABELS[took_part]).lower())
    if not attended and code == "PN7" and sent:
        # A booklet sent back is the child's view reaching the review by a written format.
        return "PN6", _(
            "%(name)s did not come, but sent back their booklet for this review.", name=name
        )
    return code, reason


@dataclass(frozen=True)
class Request:
    measure: str
    asked: str  # in the child's voice, in the language the caller forced


def _child_booklets(review: Review) -> list[Invitation]:
    # Newest sent booklet first: when a child answered twice, the later answer is what they want.
    sent = [i for i in review.invitations if i.respondent == "child" and i.submitted_at]
    return sorted(sent, key=lambda i: i.submitted_at, reverse=True)


def _single(value: object) -> object:
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def requests(review: Review) -> list[Request]:
    """What the child asked for in the review menu of their sent booklet, found by measure.

    A yes/no question counts only when the answer is yes; the place only when one was chosen.
    """
    found: dict[str, Request] = {}
    for invitation in _child_booklets(review):
        try:
            booklet = booklet_of(invitation.booklet_version)
        except (BookletError, ValueError):
            continue
        by_key = {a.question_key: a for a in invitation.answers}
        for question in booklet.questions():
            measure = question.measure
            if measure not in REQUEST_MEASURES or measure in found:
                continue
            answer = by_key.get(question.key)
            value = _single(answer.value) if answer else None
            if value in (None, "", [], RATHER_NOT_SAY):
                continue
            if measure == "venue_request":
                place = choice_words(question, value)
                asked = _("I would like my review to be here: %(place)s.", place=place)
            elif value == "yes":
                asked = str(REQUEST_WORDS[measure])
            else:
                continue
            found[measure] = Request(measure, asked)
    return [found[m] for m in REQUEST_MEASURES if m in found]


def clean_decisions(rows: list[tuple[str, str]]) -> list[dict[str, str]]:
    """The rows the IRO filled in, trimmed, as stored on the review; empty rows are dropped."""
    kept = []
    for asked, decided in rows:
        asked, decided = (asked or "").strip(), (decided or "").strip()
        if asked or decided:
            kept.append({"asked": asked, "decided": decided})
    return kept


def child_locale(child: Child) -> str:
    """The child's language for their letter when Babel knows it; English otherwise, never an error."""
    code = (child.language or "en").replace("-", "_")
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return "en"
    return code


@dataclass
class Outcome:
    """What the IRO records after the review; None for anything not recorded."""

    took_part: str | None = None  # a key of TOOK_PART
    participation_code: str | None = None  # None: the code ``took_part`` points to
    venue: str | None = None
    last_seen: date | None = None
    chaired_by: str | None = None
    advocate_attended: bool | None = None
    decisions: list[tuple[str, str]] = field(default_factory=list)  # (asked, decided)


def draft(review: Review) -> Outcome:
    """What the outcome form starts from: what is recorded, or else the child's requests from
    their booklet (in the child's language, as the letter will be) and the suggested code."""
    rows = review.decisions
    if rows is None:
        with force_locale(child_locale(review.child)):
            rows = [{"asked": r.asked, "decided": ""} for r in requests(review)]
    suggested, _reason = suggest_code(review, review.took_part)
    return Outcome(
        took_part=review.took_part,
        participation_code=review.participation_code or suggested,
        venue=review.venue,
        last_seen=review.child_last_seen_by_iro,
        chaired_by=review.chaired_by,
        advocate_attended=review.advocate_attended,
        decisions=[(row["asked"], row["decided"]) for row in rows],
    )


def record(review: Review, outcome: Outcome, by: User) -> None:
    """Record the outcome on the review, with the suggested code when the IRO chose none.

    The caller has checked it (see the outcome form's ``validate``) and commits.
    """
    took_part = outcome.took_part or None
    review.took_part = took_part
    review.child_attended = TOOK_PART[took_part][0] if took_part else None
    review.participation_code = outcome.participation_code or suggest_code(review, took_part)[0]
    review.venue = outcome.venue or None
    review.child_last_seen_by_iro = outcome.last_seen
    review.chaired_by = outcome.chaired_by or None
    review.advocate_attended = outcome.advocate_attended
    review.decisions = clean_decisions(outcome.decisions)
    review.outcome_recorded_at = utcnow()
    review.outcome_recorded_by_id = by.id
