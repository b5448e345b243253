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
from sqlalchemy import Integer, case, func, or_
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

    def load() -> pd.DataFrame:
        days = whole_days(Review.review_date, Review.child_last_seen_by_iro)
        band = case(
            *((days.between(low, high), i) for i, (_, low, high) in enumerate(bands)),
            else_=None,
        )
        groups = (Team.name, Review.participation_code, Review.venue, band)
        query = (
            db.select(*groups, func.count())
            .select_from(Review)
            .outerjoin(Team, Review.team_id == Team.id)
            .where(Review.review_date.between(date_from, date_to))
            .group_by(*groups)
        )
        return _frame(query, REVIEW_COUNT_COLUMNS)

    return frames.cached(("review counts", date_from, date_to, bands), load)


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

    def load() -> pd.DataFrame:
        sent = Invitation.submitted_at.is_not(None)
        iro = [User.name] if by_iro else []
        groups = [
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
                Review.review_date.between(date_from, date_to),
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
        frame = _frame(query, [c for c in LINK_COUNT_COLUMNS if by_iro or c != "iro"])
        return frame if by_iro else frame.assign(iro=None)

    return frames.cached(("link counts", date_from, date_to, by_iro), load)


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


def _sent(date_from: date, date_to: date):
    """Children's sent booklets for reviews in range, both ends included."""
    return (
        Invitation.submitted_at.is_not(None),
        Invitation.respondent == "child",
        Review.review_date.between(date_from, date_to),
    )


def _mentions(date_from: date, date_to: date, *columns):
    """A select of ``columns`` over the themes on answers in sent booklets, removed ones left out."""
    return (
        db.select(*columns)
        .select_from(AnswerTheme)
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .where(*_sent(date_from, date_to), AnswerTheme.status != ThemeStatus.REMOVED)
    )


THEME_TEAM_COLUMNS = ["team", "theme", "children", "confirmed", "suggested"]


def theme_counts(date_from: date, date_to: date) -> dict[str, pd.DataFrame | int]:
    """The themes on what children sent for reviews in range (removed ones left out), counted:

    - ``by_team``: for each team of the review (None when none) and theme, how many children
      raised it, and its mentions confirmed and suggested (``THEME_TEAM_COLUMNS``);
    - ``by_theme``: for each theme, how many children raised it (``theme``, ``children``);
    - ``raising``: how many children raised any theme;
    - ``sent_by_team``: how many children sent a booklet, by team (``team``, ``children``);
    - ``sent``: how many children sent a booklet.

    A child whose reviews had two teams counts once in each, and once in the totals.
    """

    def load() -> dict[str, pd.DataFrame | int]:
        child = func.count(Review.child_id.distinct())
        status = AnswerTheme.status

        def mentioned(wanted: str):
            return func.coalesce(func.sum(case((status == wanted, 1), else_=0)), 0)

        by_team = _mentions(
            date_from,
            date_to,
            Team.name,
            AnswerTheme.theme,
            child,
            mentioned(ThemeStatus.CONFIRMED),
            mentioned(ThemeStatus.SUGGESTED),
        ).outerjoin(Team, Review.team_id == Team.id)
        by_theme = _mentions(date_from, date_to, AnswerTheme.theme, child)
        sent = (
            db.select(Team.name, child)
            .select_from(Review)
            .join(Invitation, Invitation.review_id == Review.id)
            .outerjoin(Team, Review.team_id == Team.id)
            .where(*_sent(date_from, date_to))
        )
        scalar = db.session.connection().scalar
        return {
            "by_team": _frame(by_team.group_by(Team.name, AnswerTheme.theme), THEME_TEAM_COLUMNS),
            "by_theme": _frame(by_theme.group_by(AnswerTheme.theme), ["theme", "children"]),
            "raising": int(scalar(_mentions(date_from, date_to, child)) or 0),
            "sent_by_team": _frame(sent.group_by(Team.name), ["team", "children"]),
            "sent": int(scalar(sent.with_only_columns(child)) or 0),
        }

    return frames.cached(("theme counts", date_from, date_to), load)
