"""Reports on what children answered: feedback scores, faces, and what they asked for.

Answers count only from children's own booklets (not a carer's or parent's) that they SENT, for a
review whose date is in range. Questions
are found by their ``measure`` (see :mod:`app.domain.booklets.definitions`) across every booklet and version,
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

from app.domain.booklets.definitions import FACES, RATHER_NOT_SAY
from app.domain.reports import counts as report_counts
from app.domain.reports import frames
from app.domain.reports.table import TOTAL, Cell, Report
from app.domain.reviews.participation import percent

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


def _by_measure(measures) -> dict[tuple[int, str], str]:
    """(version id, question key) -> measure, for the questions with one of ``measures``."""
    return {
        (version_id, q.key): q.measure
        for version_id, (_, questions) in frames.questions().items()
        for q in questions
        if q.measure in measures
    }


def _tagged(date_from: date, date_to: date, tags: dict[tuple[int, str], object]) -> pd.DataFrame:
    """The answer counts (see :func:`app.domain.reports.frames.answer_counts`) to the questions in
    ``tags``, each with its tag in a ``tag`` column."""
    counts = frames.answer_counts(date_from, date_to)
    pairs = list(zip(counts["version_id"], counts["key"], strict=True))
    tagged = counts.assign(tag=pd.Series([tags.get(pair) for pair in pairs], dtype=object))
    return tagged[tagged["tag"].notna()]


def _is_score(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10


def dump_feedback(date_from: date, date_to: date) -> Report:
    answers = _tagged(date_from, date_to, _by_measure({"review_score"}))
    scores = answers[answers["value"].map(_is_score).astype(bool)]
    counts = scores.groupby(scores["value"].astype(int))["number"].sum()
    total = int(counts.sum())
    rows: list[list[Cell]] = [
        [str(score), int(counts.get(score, 0)), percent(int(counts.get(score, 0)), total)]
        for score in range(11)
    ]
    rows.append([TOTAL, total, percent(total, total)])
    points = sum(int(score) * int(n) for score, n in counts.items())
    mean = Decimal(points) / total if total else None
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
    # (version id, key) -> the number of its (slug, key) in ``tags``: pandas keys by plain numbers.
    wanted: dict[tuple[int, str], int] = {}
    tags: list[tuple[str, str]] = []
    # (slug, key) -> (newest version number, place in that version, wording, five faces?)
    about: dict[tuple[str, str], list] = {}
    for version_id, (version, questions) in frames.questions().items():
        for place, q in enumerate(questions):
            if q.kind not in FACES:
                continue
            tag = (version.slug, q.key)
            if tag not in about:
                tags.append(tag)
            wanted[(version_id, q.key)] = tags.index(tag)
            known = about.setdefault(tag, [-1, 0, "", False])
            if version.version > known[0]:
                known[:3] = [version.version, place, q.label]
            known[3] = known[3] or q.kind == "faces5"
    answers = _tagged(date_from, date_to, wanted)
    # A faces answer is one of a few words; anything else still counts in the Total.
    value = answers["value"].map(lambda v: v if isinstance(v, str) else "")
    table = (
        answers.assign(value=value, period=answers["review_date"].dt.strftime("%Y-%m"))
        .groupby(["tag", "period", "value"], sort=False)["number"]
        .sum()
        .unstack(fill_value=0)
    )
    rows: list[list[Cell]] = []
    order = sorted(
        table.index, key=lambda k: (tags[k[0]][0], about[tags[k[0]]][1], tags[k[0]][1], k[1])
    )
    for number, period in order:
        counts = table.loc[(number, period)]
        tag = tags[number]
        five = about[tag][3]
        cells: list[Cell] = [
            int(counts.get(face, 0)) if five or not face.startswith("very_") else None
            for face, _ in FACE_COLUMNS
        ]
        rows.append([tag[0], tag[1], about[tag][2], period, *cells, int(counts.sum())])
    return Report(
        "faces",
        str(TITLES["faces"]),
        date_from,
        date_to,
        ["Booklet", "Question", "Wording", "Period", *(label for _, label in FACE_COLUMNS), TOTAL],
        rows,
    )


def dump_requests(date_from: date, date_to: date) -> Report:
    sent = report_counts.booklets_sent(date_from, date_to)
    answers = _tagged(
        date_from,
        date_to,
        _by_measure({measure for measure, _ in ASKED} | {"venue_request"}),
    )
    # Only plain words can be "yes" or a venue; a list or a number is neither.
    words = answers[answers["value"].map(lambda v: isinstance(v, str)).astype(bool)]
    counts = words.groupby(["tag", "value"])["number"].sum()

    def number(measure: str, value: str) -> int:
        return int(counts.get((measure, value), 0))

    rows: list[list[Cell]] = [["Booklets sent", sent, percent(sent, sent)]]
    for measure, label in ASKED:
        rows.append([label, number(measure, "yes"), percent(number(measure, "yes"), sent)])
    for venue, label in VENUE_ROWS:
        n = number("venue_request", venue)
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
