"""The caseload says one thing per review, and its counts of booklets to read agree (issue 15)."""

import re
from datetime import timedelta

from app.domain.reviews.caseload import caseload
from app.domain.reviews.cover import grant_cover
from app.extensions import db
from tests.calendar_helpers import TODAY, add_child
from tests.calendar_helpers import caseload_page as page
from tests.clock import now
from tests.factories import invite, make_user, rows_of, text_of

MARKS = ("Overdue", "Booked late", "Due soon")


def _marks(row: str) -> list[str]:
    return [mark for mark in MARKS if mark in row]


def test_a_review_booked_after_its_passed_due_date_says_booked_late_only(client, auth, iro):
    # Last held 200 days ago, so due 6 months later (about 17 days ago); booked for next week.
    held = [TODAY - timedelta(days=400), TODAY - timedelta(days=200)]
    add_child("Kim", iro, held=held, booked=TODAY + timedelta(days=7))
    auth.login()
    (row,) = rows_of(page(client))
    (kim,) = caseload(iro)
    assert kim.overdue and kim.booked_late and kim.status == "booked-late"
    assert _marks(row) == ["Booked late"]
    assert "days late" not in row and "days left" not in row
    assert f"booked {kim.booked_days_late} days after the due date" in row
    # Still listed as overdue: its due date has passed.
    assert [r.split()[0] for r in rows_of(page(client, "overdue"))] == ["Kim"]


def test_each_status_has_one_mark(client, auth, iro):
    add_child("Late", iro, held=[TODAY - timedelta(days=400), TODAY - timedelta(days=300)])
    add_child("Soon", iro, looked_after_on=TODAY - timedelta(days=7))
    # Booked in time, with the due date near: nothing to do, so no mark.
    held = [TODAY - timedelta(days=400), TODAY - timedelta(days=170)]
    add_child("Booked", iro, held=held, booked=TODAY + timedelta(days=3))
    auth.login()
    rows = {r.split()[0]: r for r in rows_of(page(client))}
    assert _marks(rows["Late"]) == ["Overdue"] and "days late" in rows["Late"]
    assert _marks(rows["Soon"]) == ["Due soon"] and "days left" in rows["Soon"]
    assert _marks(rows["Booked"]) == [] and "days left" in rows["Booked"]


def _filter_count(html, label: str) -> int:
    links = text_of(html.select_one(".filters"))
    return int(re.search(re.escape(label) + r" \((\d+)\)", links).group(1))


def test_booklets_to_read_agree_everywhere(client, auth, iro, booklet):
    # Two booklets from one child (theirs and a parent's), one from a past review, one covered
    # child's, and one already read: four to read.
    two = add_child("Two", iro, booked=TODAY + timedelta(days=20))
    invite(two, booklet, submitted_at=now())
    invite(two, booklet, submitted_at=now()).respondent = "parent"
    past = add_child("Past", iro, held=[TODAY - timedelta(days=20)])
    invite(past, booklet, submitted_at=now())
    done = add_child("Done", iro, booked=TODAY + timedelta(days=30))
    invite(done, booklet, submitted_at=now(), read_at=now())
    away = make_user(email="away@example.org", name="Away IRO")
    covered = add_child("Covered", away, booked=TODAY + timedelta(days=40))
    invite(covered, booklet, submitted_at=now())
    grant_cover(away, iro, TODAY, TODAY + timedelta(days=10), granted_by=away)
    db.session.commit()
    auth.login()
    html = page(client)
    assert "4 booklets waiting for you to read" in text_of(html)
    assert _filter_count(html, "Booklets to read") == 4
    assert len(html.select("#waiting li")) == 4
    listed = sorted(r.split()[0] for r in rows_of(page(client, "to-read")))
    assert listed == ["Past", "Two"]  # Covered is listed under the cover, below
    assert "2 booklets not read yet" in text_of(page(client, "to-read"))
