"""The caseload as a review calendar: regulation-33 due dates, marks, order and filters."""

from datetime import date, timedelta

import pytest

from app.domain.reviews.caseload import caseload
from app.domain.reviews.timescales import add_months, first_review_due
from app.extensions import db
from app.models import Child, Review, Team
from tests.calendar_helpers import TODAY, add_child, caseload_page
from tests.clock import now
from tests.factories import invite, make_user, rows_of, text_of


def row_for(rows, name):
    return next(row for row in rows if row.split()[0] == name)


def test_due_dates_worked_by_hand_around_bank_holidays_show_on_the_caseload(client, auth, iro):
    # 20 working days from Monday 14 December 2026, skipping Christmas Day, Boxing Day observed
    # on Monday 28th and New Year's Day: Thursday 14 January 2027.
    add_child("Ava", iro, looked_after_on=date(2026, 12, 14))
    # From Wednesday 17 March 2027, skipping Good Friday and Easter Monday: Friday 16 April 2027.
    add_child("Ben", iro, looked_after_on=date(2027, 3, 17))
    # Nothing known about when Cara became looked after, and no review held: no due date.
    add_child("Cara", iro, booked=TODAY + timedelta(days=12))
    auth.login()
    rows = rows_of(caseload_page(client))
    assert "14 January 2027" in row_for(rows, "Ava")
    assert "16 April 2027" in row_for(rows, "Ben")
    cara = row_for(rows, "Cara")
    assert "Not known" in cara and " 12 " in cara


@pytest.mark.parametrize(
    ("today", "held", "due", "marks"),
    [
        # The first review, due 14 January 2027 (see above).
        (date(2027, 1, 10), [], date(2027, 1, 14), {"due_soon": True, "days_left": 4}),
        (date(2027, 1, 15), [], date(2027, 1, 14), {"overdue": True, "days_left": -1}),
        # Second review 3 months after the first: 30 November 2026 gives 28 February 2027.
        (date(2027, 1, 15), [date(2026, 11, 30)], date(2027, 2, 28), {"days_left": 44}),
        # Then every 6 months: after 31 August 2026 and 30 November 2026, by 30 May 2027.
        (
            date(2027, 6, 1),
            [date(2026, 8, 31), date(2026, 11, 30)],
            date(2027, 5, 30),
            {"overdue": True, "days_left": -2},
        ),
        # A review held since the due date passed restarts the clock: not overdue any more.
        (
            date(2027, 6, 1),
            [date(2026, 8, 31), date(2026, 11, 30), date(2027, 5, 31)],
            date(2027, 11, 30),
            {"days_left": 182},
        ),
    ],
)
def test_due_date_and_marks_on_fixed_days(app, iro, today, held, due, marks):
    add_child("Ava", iro, looked_after_on=date(2026, 12, 14), held=held)
    (row,) = caseload(iro, today=today)
    assert row.due == due
    assert row.days_left == marks["days_left"]
    assert row.overdue is marks.get("overdue", False)
    assert row.due_soon is marks.get("due_soon", False)
    assert row.booked_late is False
    assert (row.last_review.review_date if row.last_review else None) == (
        held[-1] if held else None
    )


def test_booked_after_the_due_date_is_marked_booked_late(app, iro):
    add_child("Ava", iro, held=[date(2026, 11, 30)], booked=date(2027, 3, 4))
    add_child("Ben", iro, held=[date(2026, 11, 30)], booked=date(2027, 2, 26))
    first, second = caseload(iro, today=date(2027, 1, 15))
    # Both are due by 28 February; Ben's review is booked before it, Ava's after it.
    assert (first.child.display_name, first.due, first.booked_late) == (
        "Ben",
        date(2027, 2, 28),
        False,
    )
    assert (second.child.display_name, second.due, second.booked_late) == (
        "Ava",
        date(2027, 2, 28),
        True,
    )


def test_marks_and_days_left_relative_to_today(client, auth, iro):
    # Held twice; the second review was 300 days ago, so the next was due 6 months after it.
    add_child("Late", iro, held=[TODAY - timedelta(days=400), TODAY - timedelta(days=300)])
    add_child(
        "Booked",
        iro,
        held=[TODAY - timedelta(days=10)],
        booked=TODAY + timedelta(days=120),
    )
    # 20 working days from a week ago: three to four weeks from today, whatever the holidays.
    add_child("Soon", iro, looked_after_on=TODAY - timedelta(days=7))
    add_child("Fine", iro, held=[TODAY - timedelta(days=5)])
    auth.login()
    rows = rows_of(caseload_page(client))
    # Booked is due 5 days before Fine (both 3 months after their first review).
    assert [row.split()[0] for row in rows] == ["Late", "Soon", "Booked", "Fine"]
    late, soon, booked, fine = rows

    assert "Overdue" in late and "days late" in late
    assert "Due soon" not in late and "Booked late" not in late
    assert "Due soon" in soon and "days left" in soon and "Overdue" not in soon
    assert not any(mark in fine for mark in ("Overdue", "Due soon", "Booked late"))
    assert "Booked late" in booked and "Overdue" not in booked and " 120 " in booked
    assert "No review booked" in late and "last:" in late

    # The days late count from the due date: 6 months after the last review held.
    due = add_months(TODAY - timedelta(days=300), 6)
    assert f"{(TODAY - due).days} days late" in late


def test_urgent_booklets_come_first_then_overdue_then_soonest(client, auth, iro, booklet):
    add_child("Overdue", iro, held=[TODAY - timedelta(days=400), TODAY - timedelta(days=300)])
    add_child("Later", iro, booked=TODAY + timedelta(days=40))
    add_child("Sooner", iro, booked=TODAY + timedelta(days=5))
    urgent = add_child("Una", iro, booked=TODAY + timedelta(days=60))
    invite(urgent, booklet, urgent_at=now())
    auth.login()
    rows = rows_of(caseload_page(client))
    assert [row.split()[0] for row in rows] == ["Una", "Overdue", "Sooner", "Later"]
    assert rows[0].startswith("Una Urgent REF-Una")
    assert all("Urgent" not in row for row in rows[1:])


def test_filters_show_overdue_due_soon_and_booklets_to_read(client, auth, iro, booklet):
    add_child("Late", iro, held=[TODAY - timedelta(days=400), TODAY - timedelta(days=300)])
    add_child("Soon", iro, looked_after_on=TODAY - timedelta(days=7))
    # Booked the day after Soon's first review falls due (19 to 25 days away, by weekday and
    # bank holidays), so the two keep their order on any day.
    near = first_review_due(TODAY - timedelta(days=7)) + timedelta(days=1)
    add_child("Near", iro, booked=near)
    add_child("Far", iro, booked=TODAY + timedelta(days=90))
    sent = add_child("Sent", iro, booked=TODAY + timedelta(days=60))
    invite(sent, booklet, submitted_at=now())
    read = add_child("Read", iro, booked=TODAY + timedelta(days=70))
    invite(read, booklet, submitted_at=now(), read_at=now())
    auth.login()

    def names(show):
        return [row.split()[0] for row in rows_of(caseload_page(client, show))]

    assert (
        sorted(names(None))
        == sorted(names("all"))
        == [
            "Far",
            "Late",
            "Near",
            "Read",
            "Sent",
            "Soon",
        ]
    )
    assert names("overdue") == ["Late"]
    assert names("soon") == ["Soon", "Near"]
    assert names("to-read") == ["Sent"]

    filters = caseload_page(client, "overdue").select_one("nav.filters")
    assert text_of(filters.select_one('[aria-current="page"]')) == "Overdue (1)"
    assert text_of(filters).startswith(
        "All (6) Overdue (1) Due in 4 weeks (2) Booklets to read (1)"
    )


def test_a_filter_with_nothing_to_show_says_so(client, auth, iro):
    add_child("Far", iro, booked=TODAY + timedelta(days=90))
    auth.login()
    page = caseload_page(client, "overdue")
    assert "No children to show here." in text_of(page) and page.select_one("table") is None
    assert "No children are on your caseload yet" not in str(page)


def test_an_unknown_filter_is_a_bad_request(client, auth, iro):
    add_child("Far", iro, booked=TODAY + timedelta(days=90))
    auth.login()
    response = client.get("/staff/?show=everything")
    assert response.status_code == 400
    assert "Something went wrong with that page" in response.get_data(as_text=True)


def test_manager_filters_every_child(client, auth, iro, manager):
    other = make_user(email="other@example.org", name="Alex Other")
    add_child("Mine", iro, held=[TODAY - timedelta(days=400), TODAY - timedelta(days=300)])
    add_child("Theirs", other, held=[TODAY - timedelta(days=400), TODAY - timedelta(days=300)])
    add_child("Fine", other, booked=TODAY + timedelta(days=90))
    auth.login("manager@example.org")
    assert sorted(row.split()[0] for row in rows_of(caseload_page(client, "overdue"))) == [
        "Mine",
        "Theirs",
    ]
    auth.switch_to("iro@example.org")
    assert [row.split()[0] for row in rows_of(caseload_page(client, "overdue"))] == ["Mine"]
