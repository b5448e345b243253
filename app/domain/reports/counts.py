"""The counts reports are made from, counted by the database: each one ``GROUP BY`` query.

A national year has 200,000 reviews, 400,000 booklet links and a million themes on children's
words, but only a few thousand distinct groups (team, code, venue...). The database counts them,
with one SQLAlchemy Core select that is the same on SQLite and PostgreSQL (only
:class:`whole_days` is written in each one's words), and pandas only shapes the few rows that come
back. Nothing encrypted is read: a count needs no child's name or words.

Inside :func:`app.domain.reports.frames.shared` each count is read once per date range and handed
to every report that asks for it (the four contract tables share one). Regulation 33's timeliness
is counted in :mod:`app.domain.reports.timescales`.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from sqlalchemy import Integer, case, func, or_, union_all
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from app.domain.reports import frames
from app.domain.reports.table import NOT_RECORDED, TOTAL
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


def reviewed_between(date_from: date, date_to: date):
    """The condition "review date in range", for a query joined to Review."""
    if (date_to - date_from).days >= frames.LONG_RANGE_DAYS:
        return frames.not_looked_up(Review.review_date).between(date_from, date_to)
    return Review.review_date.between(date_from, date_to)


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
            .where(reviewed_between(date_from, date_to))
            .group_by(*groups)
        )
        return _frame(query, REVIEW_COUNT_COLUMNS)

    return frames.cached(("review counts", date_from, date_to, bands), load)


def sums(counts: pd.DataFrame, column: str) -> dict:
    """The ``number`` of each value of ``column`` (values never recorded left out)."""
    return {k: int(n) for k, n in counts.groupby(column)["number"].sum().items()}


# After the name of a real team that reads as the grand-total row's label ("Total"), so that a
# reader keyed on labels (a spreadsheet lookup, the pack's rows beside last year's) can never take
# the team's row for the total, nor the total for the team's.
TEAM_MARK = " (team)"


def team_or_none(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each ``team`` as the reports label its row. A team named like the reports'
    ``Not recorded`` row (some extracts write it where no team is recorded) is taken as no team:
    one row with that label, not two. A team named like the ``Total`` row is a real team: it keeps
    its name with `` (team)`` after it (again if a team has that name too), so that ``Total``
    labels the grand total alone."""
    named = frame["team"].notna()
    folded = frame["team"].where(named, "").str.strip().str.casefold()
    no_team = named & (folded == NOT_RECORDED.casefold())
    like_total = named & (folded == TOTAL.casefold())
    if not (no_team.any() or like_total.any()):
        return frame
    taken = set(folded[named])
    labels = {}
    for name in frame.loc[like_total, "team"].unique():
        label = name.strip() + TEAM_MARK
        while label.casefold() in taken:
            label += TEAM_MARK
        labels[name] = label
    team = frame["team"].mask(no_team, None).replace(labels)
    return frame.assign(team=team)


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
                reviewed_between(date_from, date_to),
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
        reviewed_between(date_from, date_to),
    )


THEME_COLUMNS = ["kind", "team", "theme", "children", "confirmed", "suggested"]


def _theme_query(date_from: date, date_to: date):
    """One statement for every theme count: the themes (removed ones left out) and the children
    with a sent booklet are each read once, grouped by team and child, and every count is made
    from those groups (a national year has a million themes: each pass over them is seconds)."""

    def mentioned(wanted: str):
        return func.sum(case((AnswerTheme.status == wanted, 1), else_=0))

    said = (
        db.select(
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
        .where(*_sent(date_from, date_to), AnswerTheme.status != ThemeStatus.REMOVED)
        .group_by(Review.team_id, AnswerTheme.theme, Review.child_id)
        .cte("said")
    )
    sent = (
        db.select(Review.team_id, Review.child_id)
        .join(Invitation, Invitation.review_id == Review.id)
        .where(*_sent(date_from, date_to))
        .distinct()
        .cte("sent")
    )
    nothing = db.null()

    def kind(name: str):
        return db.literal(name).label("kind")

    def by_team(name: str, found, theme=None, **counts):
        # Counted by the team's id, and the few rows named after: the database then groups by
        # numbers, and joins 40 names to a few hundred rows rather than to every group.
        groups = [found.c.team_id] if theme is None else [found.c.team_id, theme]
        counted = (
            db.select(*groups, *(c.label(k) for k, c in counts.items()))
            .group_by(*groups)
            .subquery()
        )
        theme = nothing if theme is None else counted.c.theme
        padding = [nothing] * (3 - len(counts))
        return (
            db.select(kind(name), Team.name, theme, *(counted.c[k] for k in counts), *padding)
            .select_from(counted)
            .outerjoin(Team, Team.id == counted.c.team_id)
        )

    # A child counts once per theme (and once among those raising any) even when their reviews
    # had two teams. Counting distinct children sorts every (team, theme, child) group again,
    # so instead each theme's children are the sum of its teams' (from ``by_team``, in pandas)
    # less the repeats, which only the few children of two or more teams can make.
    several_teams = db.select(sent.c.child_id).group_by(sent.c.child_id).having(func.count() > 1)
    repeats = db.select(
        kind("repeats"),
        nothing,
        said.c.theme,
        func.count() - func.count(said.c.child_id.distinct()),
        nothing,
        nothing,
    ).where(said.c.child_id.in_(several_teams))
    raising = db.select(said.c.child_id).group_by(said.c.child_id).subquery()
    return union_all(
        by_team(
            "by_team",
            said,
            said.c.theme,
            children=func.count(),
            confirmed=func.sum(said.c.confirmed),
            suggested=func.sum(said.c.suggested),
        ),
        repeats.group_by(said.c.theme),
        db.select(kind("raising"), nothing, nothing, func.count(), nothing, nothing).select_from(
            raising
        ),
        by_team("sent_by_team", sent, children=func.count()),
        db.select(
            kind("sent"), nothing, nothing, func.count(sent.c.child_id.distinct()), nothing, nothing
        ),
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

    return frames.cached(
        ("theme counts", date_from, date_to), lambda: _read_themes(date_from, date_to)
    )


def _read_themes(date_from: date, date_to: date) -> dict[str, pd.DataFrame | int]:
    found = _frame(_theme_query(date_from, date_to), THEME_COLUMNS)
    parts = {name: found[found["kind"] == name] for name in THEME_KINDS}
    by_team = parts["by_team"][THEME_COLUMNS[1:]].reset_index(drop=True)
    repeats = parts["repeats"].set_index("theme")["children"]
    raised = by_team.groupby("theme")["children"].sum()
    raised = raised.sub(repeats.reindex(raised.index, fill_value=0)).astype("int64")
    return {
        "by_team": by_team,
        "by_theme": raised.rename("children").reset_index(),
        "raising": int(parts["raising"]["children"].sum()),
        "sent_by_team": parts["sent_by_team"][["team", "children"]].reset_index(drop=True),
        "sent": int(parts["sent"]["children"].sum()),
    }


def read_ahead_themes(*ranges: tuple[date, date]) -> None:
    """Start counting the themes of each range aside, in turn: after the answers, the slowest
    count (see :func:`app.domain.reports.frames.read_ahead`). One statement a range: for two
    years at once, grouped by year, both SQLite and PostgreSQL took longer than for each."""
    for first, last in ranges:
        frames.read_ahead(
            ("theme counts", first, last),
            lambda first=first, last=last: _read_themes(first, last),
        )


THEME_KINDS = ("by_team", "repeats", "raising", "sent_by_team", "sent")
