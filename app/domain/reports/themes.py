"""The themes of what children said, for the annual report: how often, and by how many children.

Only what children sent counts (a booklet still being filled in may change), and only their own
booklets, not a parent's or a carer's. A confirmed theme and a suggestion nobody has decided on
yet are counted in separate columns, so that a reader can tell checked figures from unchecked
ones; a suggestion the IRO removed is not counted at all.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from flask_babel import lazy_gettext as _l

from app.domain.reports import frames
from app.domain.reports.table import Report
from app.domain.reviews.participation import percent
from app.domain.themes.engine import THEMES
from app.extensions import db
from app.models import Answer, Invitation, Review, Team
from app.models.themes import AnswerTheme, ThemeStatus

# Column and row labels are part of the export contract, so they are not translated.
NOT_RECORDED = "Not recorded"
TOTAL = "Total"
ANY_THEME = "Any theme"
SENT = "Children with a sent booklet"
CONFIRMED = "Mentions (confirmed)"
SUGGESTED = "Mentions (suggested, not yet confirmed)"
UNCONFIRMED = "Suggestions not yet confirmed"
# Stands for "no team recorded" while grouping, since pandas drops missing keys; it begins with
# a control character, so it cannot be mistaken for a team a council has named.
NO_TEAM = "\x1f(no team)"

TITLES = {
    "themes": _l("Themes of what children said"),
    "themes-by-team": _l("Themes of what children said, by team"),
}


def _sent(date_from: date, date_to: date, whole_span: bool | None):
    """Children's sent booklets for reviews in range, both ends included."""
    return (
        Invitation.submitted_at.is_not(None),
        Invitation.respondent == "child",
        frames.reviewed_between(date_from, date_to, whole_span=whole_span),
    )


def _children(date_from: date, date_to: date) -> pd.DataFrame:
    """One row per child and team with a sent booklet in range."""

    def distinct() -> pd.DataFrame:
        sent = frames.in_range("theme children", date_from, date_to, _read_children)
        return sent[["child", "team"]].drop_duplicates().reset_index(drop=True)

    return frames.cached(("theme children, distinct", date_from, date_to), distinct)


def _read_children(
    date_from: date, date_to: date, *, whole_span: bool | None = None
) -> pd.DataFrame:
    # With the review date, so that the pack can read its two years at once and cut each.
    query = (
        db.select(Review.child_id, Team.name, frames.day(Review.review_date))
        .join(Invitation, Invitation.review_id == Review.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(*_sent(date_from, date_to, whole_span))
        .distinct()
    )
    frame = frames.read(query, ["child", "team", "review_date"])
    frame["review_date"] = frames.when(frame["review_date"])
    return frame


def _mentions(date_from: date, date_to: date) -> pd.DataFrame:
    """One row per theme on an answer in a sent booklet in range, removed ones left out."""
    return frames.in_range("theme mentions", date_from, date_to, _read_mentions)


def _read_mentions(
    date_from: date, date_to: date, *, whole_span: bool | None = None
) -> pd.DataFrame:
    query = (
        db.select(
            Review.child_id,
            Team.name,
            AnswerTheme.theme,
            AnswerTheme.status,
            frames.day(Review.review_date),
        )
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(*_sent(date_from, date_to, whole_span), AnswerTheme.status != ThemeStatus.REMOVED)
    )
    frame = frames.read(query, ["child", "team", "theme", "status", "review_date"])
    frame["review_date"] = frames.when(frame["review_date"])
    # A million rows of a few dozen words: as categories they take a tenth of the memory.
    return frame.astype({"team": "category", "theme": "category", "status": "category"})


def _team_or_none(team: pd.Series) -> pd.Series:
    """The team column with NO_TEAM where none was recorded."""
    if isinstance(team.dtype, pd.CategoricalDtype):
        team = team.cat.add_categories([NO_TEAM])
    return team.fillna(NO_TEAM)


def dump_themes(date_from: date, date_to: date):
    """One row per theme id in the fixed order: mentions confirmed and not, and children."""
    children = _children(date_from, date_to)["child"].nunique()
    mentions = _mentions(date_from, date_to)
    report = Report(
        "themes",
        str(TITLES["themes"]),
        date_from,
        date_to,
        ["Theme", "Description", CONFIRMED, SUGGESTED, "Children raising it", "% of children"],
        percent_columns=frozenset({5}),
    )

    # Counted once for every theme, not filtered theme by theme: a year has a million mentions.
    status = mentions["status"]
    by_theme = mentions.groupby("theme", observed=True)
    confirmed = (status == ThemeStatus.CONFIRMED).groupby(mentions["theme"], observed=True).sum()
    suggested = (status == ThemeStatus.SUGGESTED).groupby(mentions["theme"], observed=True).sum()
    raising = by_theme["child"].nunique()

    def row(label: str, description: str, confirmed: int, suggested: int, raising: int) -> list:
        return [label, description, confirmed, suggested, raising, percent(raising, children)]

    for theme, description in THEMES.items():
        report.rows.append(
            row(
                theme,
                description,
                int(confirmed.get(theme, 0)),
                int(suggested.get(theme, 0)),
                int(raising.get(theme, 0)),
            )
        )
    report.rows.append(
        row(
            ANY_THEME,
            "",
            int((status == ThemeStatus.CONFIRMED).sum()),
            int((status == ThemeStatus.SUGGESTED).sum()),
            int(mentions["child"].nunique()),
        )
    )
    report.rows.append([SENT, "", None, None, children, percent(children, children)])
    return report


def dump_themes_by_team(date_from: date, date_to: date):
    """Teams down, themes across: how many children raised each theme, confirmed or not yet."""
    children = _children(date_from, date_to)
    mentions = _mentions(date_from, date_to)
    report = Report(
        "themes-by-team",
        str(TITLES["themes-by-team"]),
        date_from,
        date_to,
        ["Team", SENT, *THEMES, UNCONFIRMED],
    )

    # Grouped once, not filtered team by team: a national year has 40 teams and 100,000 children.
    kids = children.assign(team=_team_or_none(children["team"]))
    said = mentions.assign(team=_team_or_none(mentions["team"]))
    sent = kids.groupby("team", observed=True)["child"].nunique().to_dict()
    raising = said.groupby(["team", "theme"], observed=True)["child"].nunique().to_dict()
    suggested = said[said["status"] == ThemeStatus.SUGGESTED]
    unconfirmed = suggested.groupby("team", observed=True).size().to_dict()

    def row(label: str, team: str) -> list:
        return [
            label,
            int(sent.get(team, 0)),
            *(int(raising.get((team, theme), 0)) for theme in THEMES),
            int(unconfirmed.get(team, 0)),
        ]

    def total() -> list:
        every = mentions.groupby("theme", observed=True)["child"].nunique().to_dict()
        return [
            TOTAL,
            int(children["child"].nunique()),
            *(int(every.get(theme, 0)) for theme in THEMES),
            int((mentions["status"] == ThemeStatus.SUGGESTED).sum()),
        ]

    teams = sorted(children["team"].dropna().unique(), key=str.casefold)
    for team in teams:
        report.rows.append(row(team, team))
    if children["team"].isna().any():
        report.rows.append(row(NOT_RECORDED, NO_TEAM))
    report.rows.append(total())
    return report
