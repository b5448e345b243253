"""The counts reports are made from, counted by the database: each one ``GROUP BY`` query.

A national year has 200,000 reviews, 400,000 booklet links and a million themes on children's
words, but only a few thousand distinct groups (team, code, venue...). The database counts them,
with one SQLAlchemy Core select that is the same on SQLite and PostgreSQL (only
:class:`whole_days` is written in each one's words), and pandas only shapes the few rows that come
back. Nothing encrypted is read: a count needs no child's name or words.

Inside :func:`app.domain.reports.frames.shared` each count is read once per date range and handed
to every report that asks for it (the four contract tables share one).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Integer, case, func, or_, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.domain.reports import frames
from app.extensions import db
from app.models import Answer, BookletVersion, Child, Invitation, Review, Team, User
from app.models.themes import AnswerTheme, ThemeStatus


class whole_days(FunctionElement):  # noqa: N801 (an SQL function, named like one)
    """``whole_days(later, earlier)``: days from ``earlier`` to ``later``, each a date or a
    datetime taken at its date; NULL when either is."""

    type = Integer()
    inherit_cache = True
    name = "whole_days"


@compiles(whole_days)
def _whole_days(element, compiler, **kw) -> str:
    # PostgreSQL: subtracting one date from another gives whole days.
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


@compiles(whole_days, "sqlite")
def _whole_days_sqlite(element, compiler, **kw) -> str:
    # SQLite keeps dates as ISO text: date() takes a datetime's day, julianday() counts days.
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday(date({later})) - julianday(date({earlier})) AS INTEGER)"


def _frame(query, columns: list[str]) -> pd.DataFrame:
    return frames.read(query, columns)


# Reviews ---------------------------------------------------------------------------------------

REVIEW_COUNT_COLUMNS = ["team", "code", "venue", "band", "number"]


def review_counts(
    date_from: date, date_to: date, bands: tuple[tuple[str, int, int], ...]
) -> pd.DataFrame:
    """How many reviews in range had each team, participation code, venue and band of days since
    the IRO last saw the child (``band`` the index of the first of ``bands``, (label, fewest,
    most days), that holds it; None when none does or the day is not recorded); None where a
    review has none. Columns ``REVIEW_COUNT_COLUMNS``."""

    def load(ranges) -> pd.DataFrame:
        where, place = frames.range_of(Review.review_date, ranges)
        days = whole_days(Review.review_date, Review.child_last_seen_by_iro)
        band = case(
            *((days.between(low, high), i) for i, (_, low, high) in enumerate(bands)),
            else_=None,
        )
        groups = (place, Team.name, Review.participation_code, Review.venue, band)
        query = (
            db.select(*groups, func.count())
            .select_from(Review)
            .outerjoin(Team, Review.team_id == Team.id)
            .where(where)
            .group_by(*groups)
        )
        return _frame(query, ["range", *REVIEW_COUNT_COLUMNS])

    return frames.by_range(("review counts", bands), date_from, date_to, load)


def sums(counts: pd.DataFrame, column: str) -> dict:
    """The ``number`` of each value of ``column`` (values never recorded left out)."""
    return {k: int(n) for k, n in counts.groupby(column)["number"].sum().items()}


# Children's consultation links ------------------------------------------------------------------

LINK_COUNT_COLUMNS = ["team", "band", "language", "iro", "opened", "sent", "days", "number"]


def link_counts(date_from: date, date_to: date, *, by_iro: bool) -> pd.DataFrame:
    """How many children's consultation links (those the booklets report counts: for the child, not
    stopped, not "after my review") for reviews in range had each team, booklet (``band``, its
    slug), language, IRO (the child's, now; None unless ``by_iro``), opened (1 or 0: opened or
    sent), sent (1 or 0) and ``days`` from the day sent to the review (None when not sent).
    Columns ``LINK_COUNT_COLUMNS``."""

    def load(ranges) -> pd.DataFrame:
        where, place = frames.range_of(Review.review_date, ranges)
        sent = Invitation.submitted_at.is_not(None)
        iro = [User.name] if by_iro else []
        groups = [
            place,
            Team.name,
            BookletVersion.slug,
            Invitation.language,
            *iro,
            case((or_(Invitation.opened_at.is_not(None), sent), 1), else_=0),
            case((sent, 1), else_=0),
            whole_days(Review.review_date, Invitation.submitted_at),
        ]
        query = (
            db.select(*groups, func.count())
            .select_from(Invitation)
            .join(Review, Invitation.review_id == Review.id)
            .join(BookletVersion, Invitation.booklet_version_id == BookletVersion.id)
            .outerjoin(Team, Review.team_id == Team.id)
            .where(
                where,
                Invitation.respondent == "child",
                Invitation.revoked_at.is_(None),
                BookletVersion.slug.not_in(frames.FEEDBACK_SLUGS),
            )
            .group_by(*groups)
        )
        if by_iro:
            query = query.join(Child, Review.child_id == Child.id).outerjoin(
                User, Child.iro_id == User.id
            )
        columns = ["range", *(c for c in LINK_COUNT_COLUMNS if by_iro or c != "iro")]
        frame = _frame(query, columns)
        return frame if by_iro else frame.assign(iro=None)

    return frames.by_range(("link counts", by_iro), date_from, date_to, load)


def booklets_sent(date_from: date, date_to: date) -> int:
    """The children's consultation booklets sent for reviews in range, as the booklets report
    counts them."""
    counts = link_counts(date_from, date_to, by_iro=False)
    return int((counts["sent"] * counts["number"]).sum())


def median_days(counts: pd.DataFrame) -> float:
    """The median of ``days`` over the links counted in ``counts`` that have one (NaN if none):
    each value taken ``number`` times, as if every link had been read."""
    known = counts["days"].notna()
    days = np.repeat(
        counts.loc[known, "days"].to_numpy(dtype=float),
        counts.loc[known, "number"].to_numpy(dtype=int),
    )
    return np.median(days) if days.size else np.nan


# Themes ----------------------------------------------------------------------------------------


THEME_COLUMNS = ["kind", "team", "theme", "children", "confirmed", "suggested"]


def _theme_query(ranges: tuple[tuple[date, date], ...]):
    """One statement for every theme count in each of ``ranges``: the themes (removed ones left
    out) and the children with a sent booklet are each read once, grouped by range, team and
    child, and every count is made from those groups (a national year has a million themes:
    each pass over them is seconds)."""
    where, place = frames.range_of(Review.review_date, ranges)
    # Children's sent booklets for reviews in the ranges.
    sent_booklets = (
        Invitation.submitted_at.is_not(None),
        Invitation.respondent == "child",
        where,
    )

    def mentioned(wanted: str):
        return func.sum(case((AnswerTheme.status == wanted, 1), else_=0))

    said = (
        db.select(
            place.label("place"),
            Review.team_id,
            AnswerTheme.theme,
            Review.child_id,
            mentioned(ThemeStatus.CONFIRMED).label("confirmed"),
            mentioned(ThemeStatus.SUGGESTED).label("suggested"),
        )
        .select_from(AnswerTheme)
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .where(*sent_booklets, AnswerTheme.status != ThemeStatus.REMOVED)
        .group_by(place, Review.team_id, AnswerTheme.theme, Review.child_id)
        .cte("said")
    )
    sent = (
        db.select(place.label("place"), Review.team_id, Review.child_id)
        .join(Invitation, Invitation.review_id == Review.id)
        .where(*sent_booklets)
        .distinct()
        .cte("sent")
    )
    nothing = db.null()

    def kind(name: str):
        return db.literal(name).label("kind")

    def by_team(found, *columns):
        return (
            db.select(found.c.place, *columns)
            .select_from(found)
            .outerjoin(Team, Team.id == found.c.team_id)
            .group_by(found.c.place, found.c.team_id, Team.name)
        )

    children = func.count(said.c.child_id.distinct())
    return union_all(
        by_team(
            said,
            kind("by_team"),
            Team.name,
            said.c.theme,
            func.count(),
            func.sum(said.c.confirmed),
            func.sum(said.c.suggested),
        ).group_by(said.c.theme),
        db.select(
            said.c.place, kind("by_theme"), nothing, said.c.theme, children, nothing, nothing
        ).group_by(said.c.place, said.c.theme),
        db.select(
            said.c.place, kind("raising"), nothing, nothing, children, nothing, nothing
        ).group_by(said.c.place),
        by_team(sent, kind("sent_by_team"), Team.name, nothing, func.count(), nothing, nothing),
        db.select(
            sent.c.place,
            kind("sent"),
            nothing,
            nothing,
            func.count(sent.c.child_id.distinct()),
            nothing,
            nothing,
        ).group_by(sent.c.place),
    )


def theme_counts(date_from: date, date_to: date) -> dict[str, pd.DataFrame | int]:
    """The themes on what children sent for reviews in range (removed ones left out), counted:

    - ``by_team``: for each team of the review (None when none) and theme, how many children
      raised it, and its mentions confirmed and suggested (``team``, ``theme``, ``children``,
      ``confirmed``, ``suggested``);
    - ``by_theme``: for each theme, how many children raised it (``theme``, ``children``);
    - ``raising``: how many children raised any theme;
    - ``sent_by_team``: how many children sent a booklet, by team (``team``, ``children``);
    - ``sent``: how many children sent a booklet.

    A child whose reviews had two teams counts once in each, and once in the totals.
    """
    found = frames.by_range(THEME_FRAME, date_from, date_to, _read_themes)

    def split() -> dict[str, pd.DataFrame | int]:
        parts = {name: found[found["kind"] == name] for name in THEME_KINDS}
        return {
            "by_team": parts["by_team"][THEME_COLUMNS[1:]].reset_index(drop=True),
            "by_theme": parts["by_theme"][["theme", "children"]].reset_index(drop=True),
            "raising": int(parts["raising"]["children"].sum()),
            "sent_by_team": parts["sent_by_team"][["team", "children"]].reset_index(drop=True),
            "sent": int(parts["sent"]["children"].sum()),
        }

    return frames.cached(("theme counts split", date_from, date_to), split)


THEME_FRAME = ("theme counts",)


def _read_themes(ranges: tuple[tuple[date, date], ...]) -> pd.DataFrame:
    return _frame(_theme_query(ranges), ["range", *THEME_COLUMNS])


def read_ahead_themes() -> None:
    """Start counting the themes of every range of the shared block aside: after the answers,
    the slowest count (see :func:`app.domain.reports.frames.read_ahead`)."""
    frames.read_ahead_by_range(THEME_FRAME, _read_themes)


THEME_KINDS = ("by_team", "by_theme", "raising", "sent_by_team", "sent")
