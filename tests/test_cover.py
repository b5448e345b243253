"""Managers hand caseloads over and grant time-limited cover; access follows on every page."""

from datetime import date, timedelta

import pytest

from app.domain.reviews.cover import grant_cover
from app.extensions import db
from app.models import Child, Role
from app.models.audit import AuditEvent
from app.models.cover import Cover
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.factories import answer, count_queries, invite, make_child, make_user, rows_of, text_of


@pytest.fixture
def other(app):
    return make_user(email="jo@example.org", name="Jo Brown")


def review_status(client, child) -> int:
    return client.get(f"/staff/reviews/{child.reviews[0].id}").status_code


def ask_for_cover(client, absent, covering, starts, ends, **more):
    """Post the form that grants cover, as a manager fills it in."""
    data = {"absent_iro": absent.id, "covering_iro": covering.id}
    data |= {"starts_on": str(starts), "ends_on": str(ends), **more}
    return client.post("/managers/caseloads/covers", data=data)


def names_in(rows) -> list[str]:
    return [row.split()[0] for row in rows]


# Hand-over


def test_hand_over_moves_exactly_the_ticked_children_after_confirming(
    client, auth, iro, other, manager
):
    ava = make_child("C-1", iro, name="Ava")
    ben = make_child("C-2", iro, name="Ben")
    cara = make_child("C-3", iro, name="Cara")
    auth.login("manager@example.org")

    listing = text_of(client.get("/managers/caseloads"))
    assert "Sam Patel 3" in listing and "Jo Brown 0" in listing

    start = client.get(f"/managers/caseloads/hand-over?from_iro={iro.id}")
    assert start.status_code == 200
    # Everyone starts ticked: a whole caseload is the usual hand-over.
    assert len(start.page.select('input[name="children"][checked]')) == 3

    chosen = {"from_iro": iro.id, "to_iro": other.id, "children": [ava.id, cara.id]}
    confirm = client.post("/managers/caseloads/hand-over", data=chosen)
    assert confirm.status_code == 200
    page = text_of(confirm)
    assert "Hand 2 children over to Jo Brown?" in page
    assert "Ava (C-1)" in page and "Cara (C-3)" in page and "Ben" not in page
    # Nothing moves before the manager confirms.
    assert {c.iro_id for c in db.session.scalars(db.select(Child))} == {iro.id}

    done = client.post(
        "/managers/caseloads/hand-over", data=chosen | {"confirmed": "yes"}, follow_redirects=True
    )
    assert "2 children handed over from Sam Patel to Jo Brown." in text_of(done)
    db.session.expire_all()
    assert {c.child_ref: c.iro_id for c in db.session.scalars(db.select(Child))} == {
        "C-1": other.id,
        "C-2": iro.id,
        "C-3": other.id,
    }
    # Who may read a child's words changed: each move is in the audit log, by whom.
    moves = db.session.execute(
        db.select(AuditEvent.user_email, AuditEvent.child_ref, AuditEvent.detail)
        .filter_by(action="IRO changed")
        .order_by(AuditEvent.child_ref)
    )
    assert [tuple(row) for row in moves] == [
        ("manager@example.org", ref, f"from {iro.email} to {other.email} (hand-over)")
        for ref in ("C-1", "C-3")
    ]

    auth.switch_to(iro.email)
    assert review_status(client, ava) == 404
    assert review_status(client, cara) == 404
    assert review_status(client, ben) == 200
    assert rows_of(client.get("/staff/").page)[0].startswith("Ben")

    auth.switch_to(other.email)
    assert review_status(client, ava) == 200
    assert review_status(client, ben) == 404
    assert sorted(names_in(rows_of(client.get("/staff/").page))) == ["Ava", "Cara"]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"children": []}, "Tick at least one child to hand over"),
        ({"to_iro": ""}, "Choose the IRO who will take the children"),
        ({"to_iro": "same"}, "Choose an IRO from the list"),
        ({"to_iro": "999"}, "Choose an IRO from the list"),
    ],
)
def test_a_bad_hand_over_says_why_and_moves_nobody(signed_in_manager, iro, other, change, message):
    ava = make_child("C-1", iro, name="Ava")
    data = {"from_iro": iro.id, "to_iro": other.id, "children": [ava.id], "confirmed": "yes"}
    data |= change
    if data["to_iro"] == "same":
        data["to_iro"] = iro.id
    response = signed_in_manager.post("/managers/caseloads/hand-over", data=data)
    assert response.status_code == 400
    assert message in text_of(response)
    db.session.refresh(ava)
    assert ava.iro_id == iro.id


def test_a_stale_hand_over_cannot_take_a_child_from_their_new_iro(signed_in_manager, iro, other):
    third = make_user(email="kim@example.org", name="Kim Lee")
    ava = make_child("C-1", iro, name="Ava")
    ben = make_child("C-2", other, name="Ben")
    # Ben is not Sam's: his id in the form is not among the choices, so nothing moves.
    data = {
        "from_iro": iro.id,
        "to_iro": third.id,
        "children": [ava.id, ben.id],
        "confirmed": "yes",
    }
    response = signed_in_manager.post("/managers/caseloads/hand-over", data=data)
    assert response.status_code == 400
    assert "A child you ticked is no longer on this caseload" in text_of(response)
    db.session.refresh(ava)
    db.session.refresh(ben)
    assert (ava.iro_id, ben.iro_id) == (iro.id, other.id)


def test_hand_over_from_an_unknown_iro_is_not_found(signed_in_manager):
    assert signed_in_manager.get("/managers/caseloads/hand-over?from_iro=999").status_code == 404
    assert signed_in_manager.get("/managers/caseloads/hand-over?from_iro=x").status_code == 404


# Cover: access between its dates only


@pytest.mark.parametrize(
    "starts, ends, revoked, status",
    [
        (-10, -1, False, 404),  # ended yesterday
        (-3, 3, False, 200),  # today within
        (0, 0, False, 200),  # one day, today: both ends included
        (-5, 0, False, 200),  # last day today
        (1, 5, False, 404),  # starts tomorrow
        (-3, 3, True, 404),  # stopped
    ],
)
def test_cover_gives_access_only_between_its_dates(
    client, auth, iro, other, manager, starts, ends, revoked, status
):
    ava = make_child("C-1", iro, name="Ava")
    cover = grant_cover(
        iro, other, TODAY + timedelta(days=starts), TODAY + timedelta(days=ends), manager
    )
    if revoked:
        cover.revoked_at = now()
    db.session.commit()
    auth.login(other.email)
    assert review_status(client, ava) == status
    html = client.get("/staff/").get_data(as_text=True)
    assert ("Covering for Sam Patel" in html) == (status == 200)


def test_covered_children_appear_in_their_own_section_marked(client, auth, iro, other, manager):
    make_child("C-1", iro, name="Ava")
    make_child("C-2", iro, name="Ben", review_in=None)
    make_child("C-9", make_user(email="kim@example.org", name="Kim Lee"), name="Zed")
    make_child("C-5", other, name="Eli")
    grant_cover(iro, other, TODAY - timedelta(days=2), date(TODAY.year + 1, 1, 15), manager)
    db.session.commit()
    auth.login(other.email)
    page = client.get("/staff/").page

    assert names_in(rows_of(page)) == ["Eli"]
    covered = page.select_one("section.covering")
    assert text_of(covered).startswith(f"Covering for Sam Patel until 15 January {TODAY.year + 1}")
    covered_rows = rows_of(covered)
    assert sorted(names_in(covered_rows)) == ["Ava", "Ben"]
    assert all("Covering" in row for row in covered_rows)
    assert "Zed" not in str(page)
    # The absent IRO's own caseload is unchanged: cover copies nothing.
    auth.switch_to(iro.email)
    page = client.get("/staff/").page
    assert sorted(names_in(rows_of(page))) == ["Ava", "Ben"]
    assert "Covering for" not in str(page)


def test_covering_iro_reads_what_the_child_kept_for_their_iro(
    client, auth, iro, other, manager, booklet
):
    child = make_child("C-1", iro, name="Ava")
    invitation = invite(child, booklet, submitted_at=now())
    answer(invitation, "worry", "a secret for my IRO", only_iro=True)
    cover = grant_cover(iro, other, TODAY, TODAY + timedelta(days=7), manager)
    db.session.commit()
    auth.login(other.email)
    assert "a secret for my IRO" in client.get(f"/staff/reviews/{child.reviews[0].id}").text
    cover.revoked_at = now()
    db.session.commit()
    assert review_status(client, child) == 404


# Managers grant and stop cover


def test_manager_grants_cover_and_stops_it(client, auth, iro, other, manager):
    ava = make_child("C-1", iro, name="Ava")
    auth.login("manager@example.org")
    end = TODAY + timedelta(days=14)
    response = ask_for_cover(client, iro, other, TODAY, end, reason="Annual leave")
    page = text_of(client.get(response.location))
    assert "Jo Brown covers for Sam Patel from" in page
    assert "(Annual leave)" in page
    cover = db.session.scalars(db.select(Cover)).one()
    assert (cover.starts_on, cover.ends_on, cover.granted_by_id) == (TODAY, end, manager.id)

    auth.switch_to(other.email)
    assert review_status(client, ava) == 200

    auth.switch_to("manager@example.org")
    stopped = client.post(f"/managers/caseloads/covers/{cover.id}/stop", follow_redirects=True)
    assert "Cover stopped: Jo Brown no longer sees Sam Patel's children." in text_of(stopped)
    assert "No IRO is covering for another." in text_of(stopped)

    auth.switch_to(other.email)
    assert review_status(client, ava) == 404
    assert "Covering for" not in client.get("/staff/").text


def test_upcoming_cover_is_listed_with_ended_and_stopped_ones_left_out(
    signed_in_manager, iro, other, manager
):
    grant_cover(iro, other, TODAY + timedelta(days=3), TODAY + timedelta(days=9), manager)
    grant_cover(other, iro, TODAY - timedelta(days=9), TODAY - timedelta(days=1), manager)
    stopped = grant_cover(other, iro, TODAY, TODAY + timedelta(days=1), manager)
    stopped.revoked_at = now()
    db.session.commit()
    page = text_of(signed_in_manager.get("/managers/caseloads"))
    assert "To come Jo Brown covers for Sam Patel" in page
    assert "Sam Patel covers for Jo Brown" not in page
    assert page.count("Stop this cover") == 1


@pytest.mark.parametrize(
    "starts, ends, field_message",
    [
        (TODAY, TODAY - timedelta(days=1), "must be the same as or after the first day"),
        (TODAY, TODAY + timedelta(days=200), "Cover can last up to 6 months"),
        (TODAY - timedelta(days=20), TODAY - timedelta(days=2), "already passed"),
        (TODAY, "2025-02-30", "Enter a real date, like 2024-03-31"),
        ("", TODAY, "Enter the first day of cover"),
    ],
)
def test_bad_cover_dates_say_what_is_wrong_in_plain_words(
    signed_in_manager, iro, other, starts, ends, field_message
):
    response = ask_for_cover(signed_in_manager, iro, other, starts, ends)
    assert response.status_code == 400
    page = text_of(response)
    assert "There is a problem" in page and field_message in page
    assert db.session.scalars(db.select(Cover)).first() is None


def test_six_months_exactly_is_allowed(signed_in_manager, iro, other):
    start = date(2030, 8, 31)
    too_long = ask_for_cover(signed_in_manager, iro, other, start, "2031-03-01")
    assert too_long.status_code == 400
    # 31 August + 6 months is the last day of February.
    assert ask_for_cover(signed_in_manager, iro, other, start, "2031-02-28").status_code == 303


def test_an_iro_cannot_cover_for_themselves(signed_in_manager, iro):
    response = ask_for_cover(signed_in_manager, iro, iro, TODAY, TODAY)
    assert response.status_code == 400
    assert "an IRO cannot cover for themselves" in text_of(response)


# Least privilege


def test_an_iro_gets_403_on_every_caseloads_page(client, auth, iro, other, manager):
    cover = grant_cover(other, iro, TODAY, TODAY, manager)
    ava = make_child("C-1", other, name="Ava")
    db.session.commit()
    auth.login()
    assert client.get("/managers/caseloads").status_code == 403
    assert client.get(f"/managers/caseloads/hand-over?from_iro={other.id}").status_code == 403
    handover = {"from_iro": other.id, "to_iro": iro.id, "children": [ava.id], "confirmed": "yes"}
    assert client.post("/managers/caseloads/hand-over", data=handover).status_code == 403
    assert ask_for_cover(client, other, iro, TODAY, TODAY).status_code == 403
    assert client.post(f"/managers/caseloads/covers/{cover.id}/stop").status_code == 403
    db.session.refresh(ava)
    db.session.refresh(cover)
    assert ava.iro_id == other.id and cover.revoked_at is None
    assert db.session.scalar(db.select(db.func.count(Cover.id))) == 1


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/managers/caseloads")
    assert response.status_code == 302 and "/staff/sign-in" in response.location


def test_covering_caseload_queries_do_not_grow_with_the_covered_caseload(
    client, auth, iro, other, manager, booklet
):
    grant_cover(iro, other, TODAY, TODAY + timedelta(days=7), manager)
    db.session.commit()
    auth.login(other.email)
    answer(invite(make_child("A-0", iro), booklet, submitted_at=now()), "wish", "x")
    make_child("O-0", other)
    few = count_queries(client)
    for n in range(6):
        answer(invite(make_child(f"B-{n}", iro), booklet), "wish", "y")
        make_child(f"C-{n}", iro, review_in=-30)
    assert count_queries(client) == few


def test_a_manager_is_not_listed_as_an_iro_to_hand_to(signed_in_manager, iro, manager):
    admin = make_user(email="admin@example.org", name="Ada Admin", role=Role.ADMIN)
    make_child("C-1", iro, name="Ava")
    page = signed_in_manager.get(f"/managers/caseloads/hand-over?from_iro={iro.id}")
    html = page.get_data(as_text=True)
    assert "Ava (C-1)" in text_of(page)
    assert "Morgan Lee" not in html and admin.name not in html


def test_child_scope_lists_the_same_children_can_see_allows(app, iro, other, manager):
    from app.domain.reviews.access import can_see
    from app.domain.reviews.cover import child_scope

    kim = make_user(email="kim@example.org", name="Kim Lee")
    children = [make_child("C-1", iro), make_child("C-2", other), make_child("C-3", kim)]
    grant_cover(iro, other, TODAY - timedelta(days=1), TODAY, manager)
    grant_cover(kim, other, TODAY - timedelta(days=9), TODAY - timedelta(days=1), manager)
    db.session.commit()
    for user in (iro, other, kim, manager):
        listed = set(db.session.scalars(db.select(Child.child_ref).where(child_scope(user))))
        assert listed == {c.child_ref for c in children if can_see(user, c)}
    listed = db.session.scalars(db.select(Child.child_ref).where(child_scope(other)))
    assert sorted(listed) == ["C-1", "C-2"]


def test_covering_iro_sees_urgent_alerts_and_can_mark_read(app, client, auth):
    """Cover is for safety too: the covering IRO sees the urgent alert and can clear "to read"."""
    from app.domain.booklets.definitions import latest_version
    from app.domain.invitations.links import create
    from app.domain.themes.safety import mark_urgent
    from app.models import Review
    from app.models.alerts import Alert

    absent = make_user(email="away@example.org", name="Alex Away")
    cover = make_user(email="cover@example.org", name="Casey Cover")
    child = Child(child_ref="K1", preferred_name="Kim", date_of_birth=date(2016, 5, 1), iro=absent)
    child.reviews.append(Review(review_date=TODAY + timedelta(days=5)))
    db.session.add(child)
    db.session.flush()
    invitation, _token, _code = create(child.reviews[0], latest_version("middle"))
    invitation.submitted_at = now()
    mark_urgent(invitation, "The child asked for their IRO to know today")
    grant_cover(absent, cover, TODAY, TODAY + timedelta(days=7), granted_by=absent)
    db.session.commit()

    auth.login(email="cover@example.org")
    panel = client.get("/staff/").page.select_one("#alerts")
    assert panel, "the covering IRO's dashboard shows no urgent alert"
    assert "1 urgent booklet needs someone today" in text_of(panel)
    assert "Kim" in text_of(panel)
    alert = db.session.execute(db.select(Alert)).scalar_one()
    assert client.get(f"/staff/alerts/{alert.id}").status_code == 200
    review_page = client.get(f"/staff/reviews/{child.reviews[0].id}").get_data(as_text=True)
    assert "Mark as read" in review_page
