"""The tables of rows that reports are worked out from, each read with one query.

A report on its own reads what it needs. The annual pack builds every report for two years, and
several reports share the same rows (the four contract tables and timeliness read the reviews;
booklets and requests read the children's links; feedback, faces and requests read the answers),
so inside :func:`shared` each frame is read once per date range and handed to every report that
asks. Reports must treat a frame as read-only: the next report gets the same object.

Dates come back as pandas timestamps (``NaT`` when empty). The columns are read without
SQLAlchemy's per-row conversion (``type_coerce``): SQLite gives ISO text and PostgreSQL gives
dates, and pandas converts either in one vectorised call, which matters at 200,000 reviews.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar

import pandas as pd
from sqlalchemy import String, cast, func, type_coerce

from app.domain.booklets import FACES, Question, booklet_of
from app.extensions import db
from app.models import Answer, BookletVersion, Child, Invitation, Review, Team, User

# "After my review" booklets are not a consultation before the review; the feedback report counts
# them on their own.
FEEDBACK_SLUGS = frozenset({"after"})
# The measures the answer reports count (faces questions are found by their kind instead).
COUNTED_MEASURES = frozenset(
    {"review_score", "venue_request", "request_chair", "request_advocate", "request_alone"}
)

T = TypeVar("T")
_shared: ContextVar[dict | None] = ContextVar("report_frames", default=None)


@contextmanager
def shared(span: tuple[date, date] | None = None) -> Iterator[None]:
    """Read each frame once per date range inside this block; forget them all at its end.

    With ``span``, a frame for any range inside it is cut from ONE frame read for the whole span
    (the pack's two years: one pass over the answers instead of two).
    """
    token = _shared.set({"span": span})
    try:
        yield
    finally:
        _shared.reset(token)


def cached(key: tuple, load: Callable[[], T]) -> T:
    """``load()``, or inside :func:`shared` what it gave the first time for the same ``key``."""
    cache = _shared.get()
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _span_covering(date_from: date, date_to: date) -> tuple[date, date] | None:
    span = (_shared.get() or {}).get("span")
    if span and span[0] <= date_from and date_to <= span[1] and (date_from, date_to) != span:
        return span
    return None


def _in_range(
    name: str, date_from: date, date_to: date, load: Callable[[date, date], pd.DataFrame]
) -> pd.DataFrame:
    """``load(date_from, date_to)``, cut from the span's frame (by ``review_date``) if shared."""
    span = _span_covering(date_from, date_to)
    if span is None:
        return cached((name, date_from, date_to), lambda: load(date_from, date_to))

    def cut() -> pd.DataFrame:
        wide = _in_range(name, *span, load)
        wanted = wide["review_date"].between(pd.Timestamp(date_from), pd.Timestamp(date_to))
        return wide[wanted].reset_index(drop=True)

    return cached((name, date_from, date_to), cut)


def _frame(query, columns: list[str]) -> pd.DataFrame:
    # The driver's own rows, without SQLAlchemy making a Row of each: every column read here is
    # text, a number, or a date left as the driver gives it (``_day``), so none needs converting.
    result = db.session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns, nrows=len(rows))


def _when(series: pd.Series) -> pd.Series:
    """ISO text, dates or datetimes (or empty) as pandas timestamps."""
    if series.empty:
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    return pd.to_datetime(series, format="ISO8601")


def _reviewed_between(date_from: date, date_to: date):
    """The condition "review date in range", for a query joined to Review."""
    if (_shared.get() or {}).get("span") == (date_from, date_to):
        # The span is most of the reviews (the pack's two years): reading the tables through is
        # three times quicker than looking up each row from the review_date index, which SQLite
        # would otherwise choose. Wrapped in coalesce, the date is not looked up in the index.
        return func.coalesce(Review.review_date, None).between(date_from, date_to)
    return Review.review_date.between(date_from, date_to)


def _day(column):
    return type_coerce(column, String).label(column.key)


# Reviews ---------------------------------------------------------------------------------------

REVIEW_COLUMNS = [
    "child_id",
    "team",
    "code",
    "venue",
    "review_date",
    "last_seen",
    "review_type",
    "looked_after_on",
]


def _read_reviews(date_from: date, date_to: date, *, history: bool) -> pd.DataFrame:
    if history:
        in_range = db.select(Review.child_id).where(Review.review_date.between(date_from, date_to))
        where = (Review.child_id.in_(in_range), Review.review_date <= date_to)
    else:
        where = (Review.review_date.between(date_from, date_to),)
    query = (
        db.select(
            Review.child_id,
            Team.name,
            Review.participation_code,
            Review.venue,
            _day(Review.review_date),
            _day(Review.child_last_seen_by_iro),
            Review.review_type,
            _day(Child.looked_after_on),
        )
        .join(Child, Review.child_id == Child.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(*where)
    )
    frame = _frame(query, REVIEW_COLUMNS)
    for column in ("review_date", "last_seen", "looked_after_on"):
        frame[column] = _when(frame[column])
    return frame


def review_history(date_from: date, date_to: date) -> pd.DataFrame:
    """Every review up to ``date_to`` of each child with a review in range (timeliness needs the
    earlier ones), with ``REVIEW_COLUMNS``; in no particular order."""
    span = _span_covering(date_from, date_to)
    if span is None:
        return cached(
            ("history", date_from, date_to),
            lambda: _read_reviews(date_from, date_to, history=True),
        )

    def cut() -> pd.DataFrame:
        # The span's history holds every review up to its end of each child seen in it: a range
        # inside it needs those of its own children, up to its own end.
        wide = review_history(*span)
        day = wide["review_date"]
        children = wide.loc[day.between(pd.Timestamp(date_from), pd.Timestamp(date_to)), "child_id"]
        wanted = wide["child_id"].isin(children.unique()) & (day <= pd.Timestamp(date_to))
        return wide[wanted].reset_index(drop=True)

    return cached(("history", date_from, date_to), cut)


def reviews(date_from: date, date_to: date) -> pd.DataFrame:
    """The reviews in range, both ends included, with ``REVIEW_COLUMNS``."""
    if _shared.get() is None:
        return _read_reviews(date_from, date_to, history=False)

    def from_history() -> pd.DataFrame:
        history = review_history(date_from, date_to)
        wanted = history["review_date"].between(pd.Timestamp(date_from), pd.Timestamp(date_to))
        return history[wanted].reset_index(drop=True)

    return cached(("reviews", date_from, date_to), from_history)


# Children's consultation links ------------------------------------------------------------------

INVITATION_COLUMNS = ["team", "iro", "band", "language", "opened_at", "submitted_at", "review_date"]


def consultation_invitations(date_from: date, date_to: date) -> pd.DataFrame:
    """The children's consultation links that count (see :mod:`app.domain.report_booklets`), one
    row each, with ``INVITATION_COLUMNS``."""

    def load(date_from: date, date_to: date) -> pd.DataFrame:
        query = (
            db.select(
                Team.name,
                User.name,
                BookletVersion.slug,
                Invitation.language,
                _day(Invitation.opened_at),
                _day(Invitation.submitted_at),
                _day(Review.review_date),
            )
            .join(Review, Invitation.review_id == Review.id)
            .join(Child, Review.child_id == Child.id)
            .join(BookletVersion, Invitation.booklet_version_id == BookletVersion.id)
            .outerjoin(Team, Review.team_id == Team.id)
            .outerjoin(User, Child.iro_id == User.id)
            .where(
                _reviewed_between(date_from, date_to),
                Invitation.respondent == "child",
                Invitation.revoked_at.is_(None),
                BookletVersion.slug.not_in(FEEDBACK_SLUGS),
            )
        )
        frame = _frame(query, INVITATION_COLUMNS)
        for column in ("opened_at", "submitted_at", "review_date"):
            frame[column] = _when(frame[column])
        return frame

    return _in_range("invitations", date_from, date_to, load)


# Answers ----------------------------------------------------------------------------------------


def questions() -> dict[int, tuple[BookletVersion, list[Question]]]:
    """Every published version's questions, by version id; booklets are few, so read them all."""

    def load() -> dict[int, tuple[BookletVersion, list[Question]]]:
        found = {}
        for version in db.session.execute(db.select(BookletVersion)).scalars():
            try:
                found[version.id] = (version, list(booklet_of(version).questions()))
            except ValueError:
                # A definition that no longer parses has no answers that could be read in words.
                continue
        return found

    return cached(("questions",), load)


ANSWER_COLUMNS = ["version_id", "key", "value", "review_date", "number"]


def answer_counts(date_from: date, date_to: date) -> pd.DataFrame:
    """How many sent answers from children's own booklets, for reviews in range, gave each value
    to each counted question (one with a counted measure, or a faces question) on each review day.

    Columns ``ANSWER_COLUMNS``; ``value`` is the answer decoded from JSON. The database counts:
    a national year has millions of answers but only a few thousand distinct (question, answer,
    day), and each distinct JSON text is decoded once.
    """

    def load(date_from: date, date_to: date) -> pd.DataFrame:
        pairs = {
            (version_id, q.key)
            for version_id, (_, found) in questions().items()
            for q in found
            if q.measure in COUNTED_MEASURES or q.kind in FACES
        }
        if not pairs:
            empty = pd.DataFrame(columns=ANSWER_COLUMNS)
            return empty.assign(review_date=_when(empty["review_date"]))
        text = cast(Answer.value, String)
        day = _day(Review.review_date)
        query = (
            db.select(Answer.booklet_version_id, Answer.question_key, text, day, func.count())
            .join(Invitation, Answer.invitation_id == Invitation.id)
            .join(Review, Invitation.review_id == Review.id)
            .where(
                _reviewed_between(date_from, date_to),
                Invitation.submitted_at.is_not(None),
                Invitation.revoked_at.is_(None),
                Invitation.respondent == "child",
                Answer.booklet_version_id.in_(sorted({version for version, _ in pairs})),
                Answer.question_key.in_(sorted({key for _, key in pairs})),
            )
            .group_by(Answer.booklet_version_id, Answer.question_key, text, Review.review_date)
        )
        frame = _frame(query, ANSWER_COLUMNS)
        wanted = [pair in pairs for pair in zip(frame["version_id"], frame["key"], strict=True)]
        frame = frame[pd.Series(wanted, index=frame.index, dtype=bool)].reset_index(drop=True)
        decoded = {text: _decode(text) for text in frame["value"].unique()}
        frame["value"] = frame["value"].map(decoded)
        frame["review_date"] = _when(frame["review_date"])
        return frame

    return _in_range("answers", date_from, date_to, load)


def _decode(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return None
