"""Timeliness, counted by the database, against regulation 33 worked out child by child in Python.

The database follows each child's chain of reviews with window functions; here every child's
reviews are read and given to :func:`app.domain.reviews.timescales.schedule`, the reference. The
data has what is easy to get wrong: late and on-time reviews, long chains that start years before
the pack, first reviews around bank holidays, a child whose first recorded review says it was not
the first, days looked after and review types not recorded, month ends (31 August to 28 February),
reviews on 31 March and 1 April (the boundary of the year) and after the year, and reviews without
a team.
"""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

from app.domain.pack.build import build_pack, year_range
from app.domain.reports.reviews import dump_timeliness
from app.domain.reports.table import NOT_RECORDED, TOTAL
from app.domain.reviews.participation import percent
from app.domain.reviews.timescales import LATER_REVIEW_MONTHS, add_months, schedule
from app.extensions import db
from app.models import Child, Review, Team

YEAR = 2024
TYPES = [None, "initial", "second", "subsequent", "review"]


def _child(ref: int, looked_after_on: date | None) -> Child:
    return Child(
        child_ref=f"T{ref:05d}",
        first_name="Alex",
        date_of_birth=date(2012, 1, 1),
        looked_after_on=looked_after_on,
    )


def _data() -> list[tuple[Child, list[tuple[date, str | None, Team | None]]]]:
    """Children, each with (review day, type, team) of their reviews."""
    rng = random.Random(33)
    teams = [Team(name="North"), Team(name="south"), Team(name="East")]
    db.session.add_all(teams)

    def team():
        return rng.choice([*teams, None])

    children = []
    for ref in range(160):
        looked_after = date(2021, 6, 1) + timedelta(days=rng.randrange(0, 4 * 365))
        day = looked_after + timedelta(days=rng.randrange(5, 45))
        reviews = []
        for number in range(rng.randrange(1, 8)):
            reviews.append((day, rng.choice(TYPES) if number == 0 else "subsequent", team()))
            # Three months and six months apart, give or take: some late, some on time.
            day += timedelta(days=rng.choice([80, 92, 95, 170, 183, 186, 200]))
        children.append((_child(ref, None if rng.random() < 0.2 else looked_after), reviews))
    north, south, _ = teams
    by_hand = [
        # 31 August to 28 February is six months to the day (the month is shorter); 1 March is late.
        (
            date(2023, 1, 2),
            [date(2023, 1, 20), date(2024, 2, 29), date(2024, 8, 31), date(2025, 2, 28)],
        ),
        (
            date(2023, 1, 2),
            [date(2023, 1, 20), date(2024, 2, 29), date(2024, 8, 31), date(2025, 3, 1)],
        ),
        # The second review 3 months after the first, on the last day of last year and the first
        # of this one; then one after the year, which changes nothing.
        (date(2023, 12, 1), [date(2023, 12, 31), date(2024, 3, 31)]),
        (date(2024, 1, 1), [date(2024, 1, 1), date(2024, 4, 1), date(2025, 4, 1)]),
        # First reviews over Christmas: 20 working days, bank holidays left out.
        (date(2024, 12, 14), [date(2025, 1, 14)]),
        (date(2024, 12, 14), [date(2025, 1, 15)]),
        (date(2025, 3, 3), [date(2025, 3, 31)]),
    ]
    for i, (looked_after, days) in enumerate(by_hand):
        team_of = north if i % 2 else south
        children.append(
            (_child(1000 + i, looked_after), [(day, "initial", team_of) for day in days])
        )
    # A first recorded review that says it was not the first: not known, then six months on.
    children.append(
        (
            _child(2000, date(2023, 5, 1)),
            [
                (date(2023, 11, 1), "second", north),
                (date(2024, 4, 30), None, north),
                (date(2024, 11, 1), None, None),
            ],
        )
    )
    for child, reviews in children:
        db.session.add(child)
        db.session.flush()
        for day, kind, team_of in reviews:
            db.session.add(
                Review(
                    child_id=child.id,
                    review_date=day,
                    review_type=kind,
                    team_id=team_of.id if team_of else None,
                )
            )
    db.session.commit()
    return children


def _recount(children, date_from: date, date_to: date) -> dict[str, list]:
    """The timeliness table's rows, by team, counted one review at a time from schedule()."""
    found: dict[str, Counter] = defaultdict(Counter)
    for child, reviews in children:
        reviews = sorted(reviews, key=lambda review: review[0])
        days = [day for day, _, _ in reviews]
        if reviews[0][1] in ("second", "subsequent"):
            # Earlier reviews are missing: the first's due date is unknown, the next 6 months on.
            due = [None] + [add_months(day, LATER_REVIEW_MONTHS) for day in days[:-1]]
        else:
            due = [held.due_by for held in schedule(child.looked_after_on, days)[0]]
        for (day, _, team), due_by in zip(reviews, due, strict=True):
            if not date_from <= day <= date_to:
                continue
            outcome = "not known" if due_by is None else ("on time" if day <= due_by else "late")
            for label in (team.name if team else NOT_RECORDED, TOTAL):
                found[label]["reviews"] += 1
                found[label][outcome] += 1
    return {
        label: [
            n["reviews"],
            n["on time"],
            n["late"],
            n["not known"],
            percent(n["on time"], n["on time"] + n["late"]),
        ]
        for label, n in found.items()
    }


def test_database_timeliness_matches_schedule_child_by_child(file_app):
    children = _data()
    pack = build_pack(YEAR)
    table = next(table for table in pack.tables if table.name == "timeliness")
    for year, cells in ((YEAR, slice(1, None, 2)), (YEAR - 1, slice(2, None, 2))):
        expected = _recount(children, *year_range(year))
        got = {row[0]: row[cells] for row in table.rows if row[cells][0] is not None}
        assert got == expected
        # Late reviews, on-time ones and unknown ones are all there to be counted.
        assert all(n > 0 for n in expected[TOTAL][:4])
    # A range of its own, read outside the pack; months end on the 30th and the 31st.
    for first, last in (
        (date(2024, 6, 1), date(2024, 6, 30)),
        (date(2025, 2, 1), date(2025, 3, 31)),
    ):
        report = dump_timeliness(first, last)
        assert {row[0]: row[1:] for row in report.rows} == _recount(children, first, last)
    # The Total row leads with every review in the year, the boundary days included.
    this_year = [
        day
        for _, reviews in children
        for day, _, _ in reviews
        if year_range(YEAR)[0] <= day <= year_range(YEAR)[1]
    ]
    assert table.rows[-1][1] == len(this_year)
    assert date(YEAR, 4, 1) in this_year and date(YEAR + 1, 3, 31) in this_year
