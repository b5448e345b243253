"""The themes of what children said, for the annual report: how often, and by how many children.

Only what children sent counts (a booklet still being filled in may change), and only their own
booklets, not a parent's or a carer's. A confirmed theme and a suggestion nobody has decided on
yet are counted in separate columns, so that a reader can tell checked figures from unchecked
ones; a suggestion the IRO removed is not counted at all.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from app.domain.reports import counts
from app.domain.reports.table import Report
from app.domain.reviews.participation import percent
from app.domain.themes.engine import THEMES

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


def dump_themes(date_from: date, date_to: date):
    """One row per theme id in the fixed order: mentions confirmed and not, and children."""
    counted = counts.theme_counts(date_from, date_to)
    children = counted["sent"]
    by_team = counted["by_team"]
    report = Report(
        "themes",
        str(TITLES["themes"]),
        date_from,
        date_to,
        ["Theme", "Description", CONFIRMED, SUGGESTED, "Children raising it", "% of children"],
        percent_columns=frozenset({5}),
    )
    mentions = by_team.groupby("theme")[["confirmed", "suggested"]].sum()
    raising = dict(zip(counted["by_theme"]["theme"], counted["by_theme"]["children"], strict=True))

    def row(label: str, description: str, confirmed: int, suggested: int, raising: int) -> list:
        return [label, description, confirmed, suggested, raising, percent(raising, children)]

    for theme, description in THEMES.items():
        found = mentions.loc[theme] if theme in mentions.index else {"confirmed": 0, "suggested": 0}
        report.rows.append(
            row(
                theme,
                description,
                int(found["confirmed"]),
                int(found["suggested"]),
                int(raising.get(theme, 0)),
            )
        )
    report.rows.append(
        row(
            ANY_THEME,
            "",
            int(by_team["confirmed"].sum()),
            int(by_team["suggested"].sum()),
            counted["raising"],
        )
    )
    report.rows.append([SENT, "", None, None, children, percent(children, children)])
    return report


def dump_themes_by_team(date_from: date, date_to: date):
    """Teams down, themes across: how many children raised each theme, confirmed or not yet."""
    counted = counts.theme_counts(date_from, date_to)
    report = Report(
        "themes-by-team",
        str(TITLES["themes-by-team"]),
        date_from,
        date_to,
        ["Team", SENT, *THEMES, UNCONFIRMED],
    )
    # Labelled as every team report labels them; a team named "Not recorded" then joins the
    # reviews with no team, so figures are summed by label.
    by_team = counts.team_or_none(counted["by_team"])
    by_team = by_team.assign(team=by_team["team"].fillna(NO_TEAM))
    children = counts.team_or_none(counted["sent_by_team"])
    sent = children.groupby(children["team"].fillna(NO_TEAM))["children"].sum().to_dict()
    raising = by_team.groupby(["team", "theme"])["children"].sum().to_dict()
    unconfirmed = by_team.groupby("team")["suggested"].sum().to_dict()

    def row(label: str, team: str) -> list:
        return [
            label,
            int(sent.get(team, 0)),
            *(int(raising.get((team, theme), 0)) for theme in THEMES),
            int(unconfirmed.get(team, 0)),
        ]

    def total() -> list:
        every = dict(
            zip(counted["by_theme"]["theme"], counted["by_theme"]["children"], strict=True)
        )
        return [
            TOTAL,
            counted["sent"],
            *(int(every.get(theme, 0)) for theme in THEMES),
            int(by_team["suggested"].sum()),
        ]

    teams = sorted(children["team"].dropna().unique(), key=str.casefold)
    for team in teams:
        report.rows.append(row(team, team))
    if children["team"].isna().any():
        report.rows.append(row(NOT_RECORDED, NO_TEAM))
    report.rows.append(total())
    return report
