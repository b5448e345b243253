"""The pack's tables, counted by the database, against the same figures counted row by row.

The data is the annual pack benchmark's (bench/annual_pack.py's generator, a few hundred reviews a
year): every team, code, venue, booklet and theme status in it, both years.
"""

from collections import Counter, defaultdict
from datetime import date
from statistics import median

from app.domain.pack.build import build_pack, year_label
from app.domain.reports.reviews import IRO_CONTACT_BANDS
from app.domain.reports.table import NOT_RECORDED, TOTAL
from app.extensions import db
from app.models import Answer, BookletVersion, Invitation, Review, Team
from app.models.themes import AnswerTheme, ThemeStatus
from bench.annual_pack import generate

YEAR = 2024


def _pack_table(pack, name):
    return next(table for table in pack.tables if table.name == name)


def _this_year(table, label_columns=1):
    """{labels: [this year's cells]} of a pack table (this year's cells are every other one)."""
    return {
        tuple(row[:label_columns]): row[label_columns::2] for row in table.rows if row[0] != TOTAL
    }


def _reviews(date_from, date_to):
    return db.session.execute(
        db.select(
            Team.name, Review.participation_code, Review.review_date, Review.child_last_seen_by_iro
        )
        .outerjoin(Team, Review.team_id == Team.id)
        .where(Review.review_date.between(date_from, date_to))
    ).all()


def test_database_counts_match_counting_every_row(file_app):
    # The generator writes the file through an app of its own: nothing of ours may hold it open.
    db.session.remove()
    db.engine.dispose()
    generate(file_app.config["SQLALCHEMY_DATABASE_URI"], 300)
    db.session.expire_all()
    pack = build_pack(YEAR)
    date_from, date_to = pack.date_from, pack.date_to
    reviews = _reviews(date_from, date_to)
    assert len(reviews) == 300

    by_team = Counter((team or NOT_RECORDED, code or NOT_RECORDED) for team, code, _, _ in reviews)
    table = _this_year(_pack_table(pack, "participation-by-team"))
    codes = [group.split()[0] for group in _pack_table(pack, "participation-by-team").groups[:-1]]
    codes[-1] = NOT_RECORDED
    assert table == {
        (team,): [by_team[(team, code)] for code in codes]
        + [sum(n for (t, _), n in by_team.items() if t == team)]
        for team in {team for team, _ in by_team}
    }

    bands = Counter()
    for _, _, day, seen in reviews:
        days = None if seen is None else (day - seen).days
        label = next(
            (b for b, low, high in IRO_CONTACT_BANDS if days is not None and low <= days <= high),
            NOT_RECORDED,
        )
        bands[label] += 1
    contact = _this_year(_pack_table(pack, "iro-contact"))
    assert {label[0]: cells[0] for label, cells in contact.items()} == {
        label: bands[label] for label, _, _ in (*IRO_CONTACT_BANDS, (NOT_RECORDED, 0, 0))
    }

    links = db.session.execute(
        db.select(Team.name, Invitation.opened_at, Invitation.submitted_at, Review.review_date)
        .join(Review, Invitation.review_id == Review.id)
        .join(BookletVersion, Invitation.booklet_version_id == BookletVersion.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(
            Review.review_date.between(date_from, date_to),
            Invitation.respondent == "child",
            BookletVersion.slug != "after",
        )
    ).all()
    teams: dict[str, list] = defaultdict(list)
    for team, opened, sent, day in links:
        teams[team or NOT_RECORDED].append((opened, sent, day))
    booklets = _this_year(_pack_table(pack, "booklets"), 2)
    for team, found in teams.items():
        days = [(day - sent.date()).days for _, sent, day in found if sent]
        invited, opened = len(found), sum(1 for o, s, _ in found if o or s)
        cells = booklets[("Team", team)]
        assert cells[:3] == [invited, opened, len(days)]
        assert float(cells[4]) == round(median(days), 1)

    themes = db.session.execute(
        db.select(AnswerTheme.theme, AnswerTheme.status, Review.child_id, Team.name)
        .join(Answer, AnswerTheme.answer_id == Answer.id)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .outerjoin(Team, Review.team_id == Team.id)
        .where(
            Review.review_date.between(date_from, date_to),
            Invitation.submitted_at.is_not(None),
            Invitation.respondent == "child",
        )
    ).all()
    kept = [row for row in themes if row.status != ThemeStatus.REMOVED]
    assert len(kept) < len(themes)  # some were removed, and are not counted
    raising = defaultdict(set)
    teams_of = defaultdict(set)
    for theme, _, child, team in kept:
        raising[theme].add(child)
        teams_of[child].add(team)
    # Some child raised themes under two teams: counted once per theme all the same.
    assert any(len(teams) > 1 for teams in teams_of.values())
    confirmed = Counter(row.theme for row in kept if row.status == ThemeStatus.CONFIRMED)
    pack_themes = _pack_table(pack, "themes")
    assert pack_themes.this_label == year_label(YEAR)
    names = {row[0]: row for row in pack_themes.rows}
    any_theme = names["Any theme"]
    assert any_theme[1] == sum(confirmed.values())
    assert any_theme[5] == len({row.child_id for row in kept})
    counted = sorted(row[5] for row in pack_themes.rows[:-2] if row[5])
    assert counted == sorted(len(children) for children in raising.values())
    assert date_from == date(YEAR, 4, 1)
