"""The tables that reports are worked out from, each read with one query, and their sharing.

All are counts, counted by the database (:mod:`app.domain.reports.counts`, timeliness's in
:mod:`app.domain.reports.timescales`, and the answers' here). A report on its own reads what it
needs. The annual pack builds every report
for two years, and several reports share the same frame (the four contract tables share one count
of the reviews; booklets and requests one of the children's links; feedback, faces and requests
the answers'), so inside :func:`shared` each frame is read once per date range and handed to every
report that asks. Reports must treat a frame as read-only: the next report gets the same object.
The pack also names its two years (``ranges``): timeliness, asked for either, is counted for both
in one statement, grouped by year (:func:`by_range`): each year's count reads the history of its
children, and the later year's holds the earlier's.

The pack also reads ahead (:func:`read_ahead`): the answers and the themes are the slowest reads
by far, mostly the database counting, so they run on a second connection in another thread while
this one works on the reviews; should this one have to wait for a read under way there, it
takes over the reads queued behind it meanwhile (the pack's two years of themes then run on
both connections at once). That needs a database a second connection can open (a file or a
server, not SQLite in memory) and the rows committed; otherwise everything is read in turn, with
the same results.

Dates come back as pandas timestamps (``NaT`` when empty). Rows are read as the driver gives
them, without SQLAlchemy's per-row conversion: SQLite gives dates as ISO text and PostgreSQL as
dates, and pandas converts either in one vectorised call (:func:`when`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any, TypeVar

import pandas as pd
from flask import current_app
from sqlalchemy import String, case, cast, func, literal_column, or_
from sqlalchemy.pool import SingletonThreadPool, StaticPool

from app.domain.booklets.definitions import AFTER_SLUG, FACES, Question, booklet_of
from app.extensions import db
from app.models import Answer, BookletVersion, Invitation, Review

# "After my review" booklets are not a consultation before the review; the feedback report counts
# them on their own.
FEEDBACK_SLUGS = frozenset({AFTER_SLUG})
# The measures the answer reports count (faces questions are found by their kind instead).
COUNTED_MEASURES = frozenset(
    {"review_score", "venue_request", "request_chair", "request_advocate", "request_alone"}
)

T = TypeVar("T")
_shared: ContextVar[dict | None] = ContextVar("report_frames", default=None)


@contextmanager
def shared(
    span: tuple[date, date] | None = None, ranges: tuple[tuple[date, date], ...] = ()
) -> Iterator[None]:
    """Read each frame once per date range inside this block; forget them all at its end.

    With ``span``, a frame for any range inside it is cut from ONE frame read for the whole span
    (the pack's two years: one pass over the answers instead of two). With ``ranges`` (which must
    not overlap), a count that supports it (:func:`by_range`), asked for one of them, is counted
    for all of them at once, each row saying which range it is of.
    """
    ordered = sorted(ranges)
    if any(later[0] <= earlier[1] for earlier, later in zip(ordered, ordered[1:], strict=False)):
        raise ValueError("The ranges overlap: a review would count in one of them only.")
    token = _shared.set({"span": span, "ranges": tuple(ranges)})
    try:
        yield
    finally:
        cache = _shared.get() or {}
        _shared.reset(token)
        reader = cache.get(_READER)
        if reader is not None:
            # Never leave a reader running once the block is gone (a failed build, a test
            # dropping its tables): wait for it, and drop what it read.
            reader.shutdown(wait=True, cancel_futures=True)


_READER = ("read-ahead thread",)
# What each read started aside does, should this thread take it over before it starts.
_QUEUED = ("read-ahead loads",)


def cached(key: tuple, load: Callable[[], T]) -> T:
    """``load()``, or inside :func:`shared` what it gave the first time for the same ``key``."""
    cache = _shared.get()
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    found = cache[key]
    if isinstance(found, Future):
        # Read aside: if it has not started yet, read it here instead; if it has, read here
        # what is queued behind it rather than wait idle, so both threads finish together.
        if found.cancel():
            found = load()
        else:
            _read_queued_while(found, cache)
            found = found.result()
        cache[key] = found
    return found


def _read_queued_while(running: Future, cache: dict) -> None:
    """Until ``running`` is done, take the last read queued aside and not yet started, and
    read it on this thread (the reader keeps the earlier ones, in order)."""
    queued: dict[tuple, Callable[[], Any]] = cache.get(_QUEUED, {})
    while not running.done():
        waiting = [
            key
            for key in queued
            if isinstance(cache.get(key), Future)
            and not (cache[key].running() or cache[key].done())
        ]
        if not waiting:
            return
        # Cancelling fails if the reader has just started it: then look again.
        if cache[waiting[-1]].cancel():
            cache[waiting[-1]] = queued.pop(waiting[-1])()


def can_read_ahead() -> bool:
    """Whether a second connection would see what this session sees."""
    # SQLite in memory is one connection shared by all (StaticPool in the tests): no second one.
    if isinstance(db.engine.pool, StaticPool | SingletonThreadPool):
        return False
    # Another connection sees only committed rows.
    session = db.session
    return not (session.new or session.dirty or session.deleted)


def read_ahead(key: tuple, load: Callable[[], Any]) -> None:
    """Inside :func:`shared`, start ``load()`` on its own connection in another thread; the first
    :func:`cached` call for ``key`` waits for it. Loads started here run one after another.

    ``load`` runs in a new app context, so it must not rely on this block's frames.
    """
    cache = _shared.get()
    if cache is None or key in cache or not can_read_ahead():
        return
    app = current_app._get_current_object()

    def run() -> Any:
        with app.app_context():  # its own session, so its own connection
            return load()

    if _READER not in cache:
        cache[_READER] = ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-read-ahead")
    cache[key] = cache[_READER].submit(run)
    cache.setdefault(_QUEUED, {})[key] = load


def _span_covering(date_from: date, date_to: date) -> tuple[date, date] | None:
    span = (_shared.get() or {}).get("span")
    if span and span[0] <= date_from and date_to <= span[1] and (date_from, date_to) != span:
        return span
    return None


def in_range(
    name: str, date_from: date, date_to: date, load: Callable[[date, date], pd.DataFrame]
) -> pd.DataFrame:
    """``load(date_from, date_to)``, cut from the span's frame (by ``review_date``) if shared."""
    span = _span_covering(date_from, date_to)
    if span is None:
        return cached((name, date_from, date_to), lambda: load(date_from, date_to))

    def cut() -> pd.DataFrame:
        wide = in_range(name, *span, load)
        wanted = wide["review_date"].between(pd.Timestamp(date_from), pd.Timestamp(date_to))
        return wide[wanted].reset_index(drop=True)

    return cached((name, date_from, date_to), cut)


def by_range(
    name: tuple,
    date_from: date,
    date_to: date,
    load: Callable[[tuple[tuple[date, date], ...]], pd.DataFrame],
) -> pd.DataFrame:
    """``load(ranges)`` for just this range; or, inside :func:`shared` whose ``ranges`` hold it,
    ONE ``load`` for all of them, cut. ``load`` gives a frame with a ``range`` column, the place
    of each row's range in ``ranges`` (see :func:`range_of`), which is dropped here."""
    declared = (_shared.get() or {}).get("ranges") or ()
    ranges = declared if (date_from, date_to) in declared else ((date_from, date_to),)
    place = ranges.index((date_from, date_to))

    def cut() -> pd.DataFrame:
        wide = cached((name, ranges), lambda: load(ranges))
        return wide[wide["range"] == place].drop(columns="range").reset_index(drop=True)

    return cached((name, date_from, date_to), cut)


def range_of(column, ranges: tuple[tuple[date, date], ...]):
    """For :func:`by_range`'s ``load``: (the condition "``column`` in one of ``ranges``", the
    place of its range as an SQL expression to select and group by)."""
    # Reading the tables through is quicker than the index when the ranges hold most rows.
    days = sum((last - first).days for first, last in ranges)
    looked = not_looked_up(column) if days >= LONG_RANGE_DAYS else column
    where = or_(*(looked.between(first, last) for first, last in ranges))
    place = case(
        *(
            (column.between(first, last), literal_column(str(i)))
            for i, (first, last) in enumerate(ranges)
        )
    )
    return where, place


# From this many days on, ranges hold a large share of the reviews (a year is half of what the
# pack reads): on SQLite, going through the tables and finding each row's review by its key is
# five times quicker than looking up each review by date and then its links.
LONG_RANGE_DAYS = 180


def read(query, columns: list[str]) -> pd.DataFrame:
    # The driver's own rows, without SQLAlchemy making a Row of each: every column read here is
    # text, a number, or a date left as the driver gives it, so none needs converting.
    result = db.session.connection().execute(query)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    return pd.DataFrame.from_records(rows, columns=columns, nrows=len(rows))


def when(series: pd.Series) -> pd.Series:
    """ISO text, dates or datetimes (or empty) as pandas timestamps."""
    if series.empty:
        return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    return pd.to_datetime(series, format="ISO8601")


def reviewed_between(date_from: date, date_to: date, *, whole_span: bool | None = None):
    """The condition "review date in range", for a query joined to Review. ``whole_span`` says
    whether the range is the shared span (asked of the block when None)."""
    if whole_span is None:
        whole_span = (_shared.get() or {}).get("span") == (date_from, date_to)
    if whole_span:
        # The span is most of the reviews (the pack's two years): reading the tables through is
        # three times quicker than looking up each row from the review_date index, which SQLite
        # would otherwise choose.
        return not_looked_up(Review.review_date).between(date_from, date_to)
    return Review.review_date.between(date_from, date_to)


def not_looked_up(column):
    """``column``, hidden from SQLite's choice of index (wrapped in coalesce, SQLite's own way of
    saying "do not use an index for this term"). Only on SQLite: PostgreSQL's planner weighs its
    statistics well, and a wrapped column would hide them from it and make it guess."""
    if db.session.get_bind().dialect.name == "sqlite":
        return func.coalesce(column, None)
    return column


def read_ahead_frame(name: str, load: Callable[..., pd.DataFrame]) -> None:
    """Start reading the shared span's frame ``name`` aside (see :func:`read_ahead`), as
    :func:`in_range` would read it with ``load``; ``load`` takes ``whole_span``."""
    span = (_shared.get() or {}).get("span")
    if span is not None:
        read_ahead((name, *span), lambda: load(*span, whole_span=True))


def read_ahead_answers() -> None:
    """Start reading the span's answer counts aside: the slowest read, mostly the database's."""
    read_ahead_frame("answers", read_answer_counts)


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
    return in_range("answers", date_from, date_to, read_answer_counts)


def read_answer_counts(
    date_from: date, date_to: date, *, whole_span: bool | None = None
) -> pd.DataFrame:
    """The query behind :func:`answer_counts`, without any sharing."""
    pairs = {
        (version_id, q.key)
        for version_id, (_, found) in questions().items()
        for q in found
        if q.measure in COUNTED_MEASURES or q.kind in FACES
    }
    if not pairs:
        empty = pd.DataFrame(columns=ANSWER_COLUMNS)
        return empty.assign(review_date=when(empty["review_date"]))
    # One text to group by instead of four columns, "2024-05-01" "5|home_feel|"happy"": SQLite
    # groups by sorting, and comparing one string is a third quicker at two million answers.
    # The date is ISO, ten characters on both databases; keys are identifiers, without "|".
    # Literal separators and the group named by its alias, so the database sees one expression.
    bar = literal_column("'|'")
    group = (
        cast(Review.review_date, String)
        + cast(Answer.booklet_version_id, String)
        + bar
        + Answer.question_key
        + bar
        + func.coalesce(cast(Answer.value, String), literal_column("''"))
    ).label("answer_group")
    query = (
        db.select(group, func.count())
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .where(
            reviewed_between(date_from, date_to, whole_span=whole_span),
            Invitation.submitted_at.is_not(None),
            Invitation.revoked_at.is_(None),
            Invitation.respondent == "child",
            Answer.booklet_version_id.in_(sorted({version for version, _ in pairs})),
            # Wrapped, so that SQLite finds each booklet's answers with one look-up of its id
            # rather than one per question key: four times quicker for a year of answers.
            not_looked_up(Answer.question_key).in_(sorted({key for _, key in pairs})),
        )
        .group_by(literal_column("answer_group"))
    )
    rows = []
    for text, number in read(query, ["group", "number"]).itertuples(index=False):
        version_id, key, value = text[10:].split("|", 2)
        rows.append((int(version_id), key, value, text[:10], number))
    frame = pd.DataFrame.from_records(rows, columns=ANSWER_COLUMNS, nrows=len(rows))
    wanted = [pair in pairs for pair in zip(frame["version_id"], frame["key"], strict=True)]
    frame = frame[pd.Series(wanted, index=frame.index, dtype=bool)].reset_index(drop=True)
    decoded = {text: _decode(text) for text in frame["value"].unique()}
    frame["value"] = frame["value"].map(decoded)
    frame["review_date"] = when(frame["review_date"])
    return frame


def _decode(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return None
