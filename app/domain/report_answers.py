"""Reports on what children answered: feedback scores, faces, and what they asked for.

Answers count only from children's own booklets (not a carer's or parent's) that they SENT, for a
review whose date is in range. Questions
are found by their ``measure`` (see :mod:`app.domain.booklets`) across every booklet and version,
never by question key, so rewording or renaming a question keeps its history.

**feedback** — columns ``Score, Number, %``; rows ``0`` to ``10``, then ``Total``, then ``Mean``
(the mean score, one decimal, in the Number column; its % empty). From answers to questions with
the measure ``review_score``; "rather not say" is not a score and is left out.

**faces** — columns ``Booklet, Question, Wording, Period, Very happy, Happy, OK, Sad, Very sad,
Rather not say, Total``; one row per faces question (booklet slug, question key, and its wording
in the newest version that has it) and period (the calendar month of the review, ``2024-04``),
for those with at least one answer; sorted by booklet, the question's place in the booklet, then
period. A three-faces question has no "very" answers, so those cells are empty, not 0.

**requests** — columns ``Measure, Number, % of booklets sent``; rows ``Booklets sent`` (the
children's consultation booklets sent, as counted by the booklets report, and the base of every
%), ``Asked to chair``, ``Asked for an advocate``, ``Asked to see the IRO alone first`` (each a
"yes" to the question with the measure ``request_chair``, ``request_advocate`` or
``request_alone``), then ``Venue: Home``, ``Venue: School``, ``Venue: Office``, ``Venue: Video``,
``Venue: Somewhere else`` (the answer to the question with the measure ``venue_request``).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from flask_babel import lazy_gettext as _l

from app.domain.booklets import FACES, RATHER_NOT_SAY, Question, booklet_of
from app.domain.participation import percent
from app.domain.report_booklets import consultation_invitations
from app.domain.report_table import TOTAL, Cell, Report
from app.extensions import db
from app.models import Answer, BookletVersion, Invitation, Review

TITLES = {
    "feedback": _l("How children rated their review"),
    "faces": _l("How children feel, by question and month"),
    "requests": _l("What children asked for their review"),
}
DESCRIPTIONS = {
    "feedback": _l(
        "The \u201cafter my review\u201d scores from 0 to 10: how many gave each, and the mean."
    ),
    "faces": _l("Each faces question's answers, month by month."),
    "requests": _l(
        "How many asked to chair, for an advocate, to see the IRO alone, and each venue."
    ),
}
FACE_COLUMNS = (
    ("very_happy", "Very happy"),
    ("happy", "Happy"),
    ("ok", "OK"),
    ("sad", "Sad"),
    ("very_sad", "Very sad"),
    (RATHER_NOT_SAY, "Rather not say"),
)
ASKED = (
    ("request_chair", "Asked to chair"),
    ("request_advocate", "Asked for an advocate"),
    ("request_alone", "Asked to see the IRO alone first"),
)
VENUE_ROWS = (
    ("home", "Venue: Home"),
    ("school", "Venue: School"),
    ("office", "Venue: Office"),
    ("video", "Venue: Video"),
    ("somewhere_else", "Venue: Somewhere else"),
)


def _questions() -> dict[int, tuple[BookletVersion, list[Question]]]:
    """Every published version's questions, by version id; booklets are few, so read them all."""
    found = {}
    for version in db.session.execute(db.select(BookletVersion)).scalars():
        try:
            found[version.id] = (version, list(booklet_of(version).questions()))
        except ValueError:
            # A definition that no longer parses has no answers that could be read in words.
            continue
    return found


def _answers(date_from: date, date_to: date, wanted: dict[tuple[int, str], object]):
    """The sent answers to the wanted (version id, question key) pairs: (tag, value, review date)."""
    if not wanted:
        return []
    query = (
        db.select(Answer.booklet_version_id, Answer.question_key, Answer.value, Review.review_date)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .where(
            Review.review_date.between(date_from, date_to),
            Invitation.submitted_at.is_not(None),
            Invitation.revoked_at.is_(None),
            Invitation.respondent == "child",
            Answer.booklet_version_id.in_(sorted({version for version, _ in wanted})),
            Answer.question_key.in_(sorted({key for _, key in wanted})),
        )
    )
    return [
        (wanted[(version, key)], value, review_date)
        for version, key, value, review_date in db.session.execute(query)
        if (version, key) in wanted
    ]


def _by_measure(measures) -> dict[tuple[int, str], str]:
    return {
        (version_id, q.key): q.measure
        for version_id, (_, questions) in _questions().items()
        for q in questions
        if q.measure in measures
    }


def dump_feedback(date_from: date, date_to: date) -> Report:
    answers = _answers(date_from, date_to, _by_measure({"review_score"}))
    scores = pd.Series(
        [v for _, v, _ in answers if isinstance(v, int) and not isinstance(v, bool)], dtype=int
    )
    scores = scores[scores.between(0, 10)]
    counts = scores.value_counts()
    total = len(scores)
    rows: list[list[Cell]] = [
        [str(score), int(counts.get(score, 0)), percent(int(counts.get(score, 0)), total)]
        for score in range(11)
    ]
    rows.append([TOTAL, total, percent(total, total)])
    mean = Decimal(int(scores.sum())) / total if total else None
    rows.append(
        ["Mean", None if mean is None else mean.quantize(Decimal("0.1"), ROUND_HALF_UP), None]
    )
    return Report(
        "feedback",
        str(TITLES["feedback"]),
        date_from,
        date_to,
        ["Score", "Number", "%"],
        rows,
        percent_columns=frozenset({2}),
        numerators={2: 1},
        bases={12: total},
    )


def dump_faces(date_from: date, date_to: date) -> Report:
    versions = _questions()
    wanted: dict[tuple[int, str], tuple[str, str]] = {}
    # (slug, key) -> (newest version number, place in that version, wording, five faces?)
    about: dict[tuple[str, str], list] = {}
    for version_id, (version, questions) in versions.items():
        for place, q in enumerate(questions):
            if q.kind not in FACES:
                continue
            tag = (version.slug, q.key)
            wanted[(version_id, q.key)] = tag
            known = about.setdefault(tag, [-1, 0, "", False])
            if version.version > known[0]:
                known[:3] = [version.version, place, q.label]
            known[3] = known[3] or q.kind == "faces5"
    frame = pd.DataFrame(
        [
            (tag, value, review_date.strftime("%Y-%m"))
            for tag, value, review_date in _answers(date_from, date_to, wanted)
        ],
        columns=["tag", "value", "period"],
    )
    rows: list[list[Cell]] = []
    if not frame.empty:
        order = sorted(
            frame.groupby(["tag", "period"]).groups,
            key=lambda k: (k[0][0], about[k[0]][1], k[0][1], k[1]),
        )
        for tag, period in order:
            part = frame[(frame["tag"] == tag) & (frame["period"] == period)]
            counts = part["value"].value_counts()
            five = about[tag][3]
            cells: list[Cell] = [
                int(counts.get(face, 0)) if five or not face.startswith("very_") else None
                for face, _ in FACE_COLUMNS
            ]
            rows.append([tag[0], tag[1], about[tag][2], period, *cells, len(part)])
    return Report(
        "faces",
        str(TITLES["faces"]),
        date_from,
        date_to,
        ["Booklet", "Question", "Wording", "Period", *(label for _, label in FACE_COLUMNS), TOTAL],
        rows,
    )


def dump_requests(date_from: date, date_to: date) -> Report:
    sent = int(consultation_invitations(date_from, date_to)["submitted_at"].notna().sum())
    answers = _answers(
        date_from,
        date_to,
        _by_measure({measure for measure, _ in ASKED} | {"venue_request"}),
    )
    rows: list[list[Cell]] = [["Booklets sent", sent, percent(sent, sent)]]
    for measure, label in ASKED:
        n = sum(1 for m, value, _ in answers if m == measure and value == "yes")
        rows.append([label, n, percent(n, sent)])
    for venue, label in VENUE_ROWS:
        n = sum(1 for m, value, _ in answers if m == "venue_request" and value == venue)
        rows.append([label, n, percent(n, sent)])
    return Report(
        "requests",
        str(TITLES["requests"]),
        date_from,
        date_to,
        ["Measure", "Number", "% of booklets sent"],
        rows,
        percent_columns=frozenset({2}),
        numerators={2: 1},
    )
