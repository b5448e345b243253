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

from app.domain import report_frames as frames
from app.domain.participation import percent
from app.domain.themes import THEMES
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

TITLES = {
    "themes": _l("Themes of what children said"),
    "themes-by-team": _l("Themes of what children said, by team"),
}


def _sent(date_from: date, date_to: date):
    """Children's sent booklets for reviews in range, both ends included."""
    return (
        Invitation.submitted_at.is_not(None),
        Invitation.respondent == "child",
        Review.review_date.between(date_from, date_to),
    )


def _children(date_from: date, date_to: date) -> pd.DataFrame:
    """One row per child and team with a sent booklet in range."""
    return frames.cached(
        ("theme children", date_from, date_to), lambda: _read_children(date_from, date_to)
    )


def _read_children(date_from: date, date_to: date) -> pd.DataFrame:
    query = (
        db.select(Review.child_id.label("child"), Team.name.label("team"))
        .join(Invitation, Invitation.review_id == Review.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(*_sent(date_from, date_to))
        .distinct()
    )
    return pd.DataFrame(db.session.execute(query).all(), columns=["child", "team"])


def _mentions(date_from: date, date_to: date) -> pd.DataFrame:
    """One row per theme on an answer in a sent booklet in range, removed ones left out."""
    return frames.cached(
        ("theme mentions", date_from, date_to), lambda: _read_mentions(date_from, date_to)
    )


def _read_mentions(date_from: date, date_to: date) -> pd.DataFrame:
    query = (
        db.select(
            Review.child_id.label("child"),
            Team.name.label("team"),
            AnswerTheme.theme,
            AnswerTheme.status,
        )
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(*_sent(date_from, date_to), AnswerTheme.status != ThemeStatus.REMOVED)
    )
    return pd.DataFrame(
        db.session.execute(query).all(), columns=["child", "team", "theme", "status"]
    )


def dump_themes(date_from: date, date_to: date):
    """One row per theme id in the fixed order: mentions confirmed and not, and children."""
    # Imported here: reports.py registers this function, so it cannot be imported at the top.
    from app.domain.reports import Report

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

    def row(label: str, description: str, part: pd.DataFrame) -> list:
        confirmed = int((part["status"] == ThemeStatus.CONFIRMED).sum())
        suggested = int((part["status"] == ThemeStatus.SUGGESTED).sum())
        raising = int(part["child"].nunique())
        return [label, description, confirmed, suggested, raising, percent(raising, children)]

    for theme, description in THEMES.items():
        report.rows.append(row(theme, description, mentions[mentions["theme"] == theme]))
    report.rows.append(row(ANY_THEME, "", mentions))
    report.rows.append([SENT, "", None, None, children, percent(children, children)])
    return report


def dump_themes_by_team(date_from: date, date_to: date):
    """Teams down, themes across: how many children raised each theme, confirmed or not yet."""
    from app.domain.reports import Report

    children = _children(date_from, date_to)
    mentions = _mentions(date_from, date_to)
    report = Report(
        "themes-by-team",
        str(TITLES["themes-by-team"]),
        date_from,
        date_to,
        ["Team", SENT, *THEMES, UNCONFIRMED],
    )

    def row(label: str, sent: pd.DataFrame, part: pd.DataFrame) -> list:
        raising = part.groupby("theme")["child"].nunique()
        return [
            label,
            int(sent["child"].nunique()),
            *(int(raising.get(theme, 0)) for theme in THEMES),
            int((part["status"] == ThemeStatus.SUGGESTED).sum()),
        ]

    teams = sorted(children["team"].dropna().unique(), key=str.casefold)
    for team in teams:
        report.rows.append(
            row(team, children[children["team"] == team], mentions[mentions["team"] == team])
        )
    if children["team"].isna().any():
        report.rows.append(
            row(NOT_RECORDED, children[children["team"].isna()], mentions[mentions["team"].isna()])
        )
    report.rows.append(row(TOTAL, children, mentions))
    return report
