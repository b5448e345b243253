"""Issue 14, by hand: a placement move and a change of IRO for one child, from the staff pages,
with an import's checks, plain words, nothing lost on a bad form, and a line in the audit log."""

from datetime import timedelta

from app.extensions import db
from app.models import Child, Role
from app.models.audit import AuditEvent
from app.models.placements import Placement
from tests.factories import TODAY, make_child, make_user, text_of


def placements() -> list[tuple]:
    rows = db.session.execute(
        db.select(Child.child_ref, Placement.starts_on, Placement.placement_type)
        .join(Child)
        .order_by(Placement.starts_on)
    )
    return [tuple(row) for row in rows]


def audit(action: str) -> list[tuple]:
    rows = db.session.execute(
        db.select(AuditEvent.user_email, AuditEvent.child_ref, AuditEvent.detail)
        .filter_by(action=action)
        .order_by(AuditEvent.id)
    )
    return [tuple(row) for row in rows]


def errors_of(page) -> list[str]:
    return [text_of(p).removeprefix("Error: ") for p in page.page.select(".field-error")]


def test_a_manager_records_a_placement_move_with_the_imports_checks(client, auth, manager, iro):
    child = make_child("P-1", iro, age=12)
    auth.login(email="manager@example.org")
    assert client.get("/managers/by-hand/placement?child_ref=P-1").status_code == 200
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    form = {
        "child_ref": "P-9",
        "starts_on": "2026-02-30",
        "placement_type": "U9",
        "location": "Hazel House, Leamington",
        "contact": "Ms Okafor, 01926 000000",
    }
    bad = client.post("/managers/by-hand/placement", data=form)
    assert bad.status_code == 400
    assert errors_of(bad) == [
        "No child has the case number P-9 in My Say: check the number, or add the child with "
        "their review first",
        "Start date '2026-02-30' is not a real date in the form YYYY-MM-DD",
        "Placement type 'U9' is not one of the 903 placement types",
    ]
    # Nothing the manager typed is lost.
    fields = {f["name"]: f.get("value") for f in bad.page.select("input[name]")}
    assert fields["location"] == "Hazel House, Leamington"
    assert fields["contact"] == "Ms Okafor, 01926 000000"
    assert placements() == []

    form.update(child_ref="P-1", starts_on=tomorrow, placement_type="U4")
    future = client.post("/managers/by-hand/placement", data=form)
    assert errors_of(future) == [
        f"Start date {tomorrow} is in the future: record a move once it has happened"
    ]
    born = child.date_of_birth
    form["starts_on"] = (born - timedelta(days=1)).isoformat()
    before_birth = client.post("/managers/by-hand/placement", data=form)
    assert errors_of(before_birth) == [
        f"Start date {form['starts_on']} is before the child's date of birth {born.isoformat()}"
    ]
    assert placements() == [] and child.placement_contact is None

    moved_on = TODAY - timedelta(days=3)
    form["starts_on"] = moved_on.isoformat()
    saved = client.post("/managers/by-hand/placement", data=form, follow_redirects=True)
    assert f"Placement move saved for P-1 (P-1): U4 from {moved_on.isoformat()}." in text_of(saved)
    assert placements() == [("P-1", moved_on, "U4")]
    db.session.refresh(child)
    assert child.placement_contact == "Ms Okafor, 01926 000000"
    assert child.placements[0].location == "Hazel House, Leamington"
    # The same start date again corrects the move rather than adding another.
    form["placement_type"] = "U6"
    again = client.post("/managers/by-hand/placement", data=form, follow_redirects=True)
    assert "Placement move corrected for P-1" in text_of(again)
    assert placements() == [("P-1", moved_on, "U6")]
    # The audit log says who moved whom and to what, not where the child now lives.
    assert audit("placement move recorded") == [
        ("manager@example.org", "P-1", f"U4 from {moved_on.isoformat()}")
    ]
    assert audit("placement move corrected") == [
        ("manager@example.org", "P-1", f"U6 from {moved_on.isoformat()}")
    ]


def test_the_childs_iro_records_a_move_from_the_review_page_and_another_iro_cannot(
    client, auth, iro
):
    child = make_child("P-2", iro)
    review_id = child.reviews[0].id
    other = make_user(email="other@example.org", name="Other IRO")
    auth.login()
    review = client.get(f"/staff/reviews/{review_id}")
    assert "Placement Not recorded" in text_of(review.page.select_one("#who-to-ring"))
    page = client.get(f"/staff/reviews/{review_id}/placement")
    assert page.status_code == 200
    # The child is the review's: no case number to type.
    assert page.page.select_one("input[name=child_ref]") is None
    empty = client.post(f"/staff/reviews/{review_id}/placement", data={"location": "Nana's"})
    assert empty.status_code == 400
    assert errors_of(empty) == ["Start date is empty", "Choose the placement type"]
    assert empty.page.select_one("input[name=location]")["value"] == "Nana's"
    moved_on = TODAY - timedelta(days=10)
    saved = client.post(
        f"/staff/reviews/{review_id}/placement",
        data={"starts_on": moved_on.isoformat(), "placement_type": "U1", "location": "Nana's"},
        follow_redirects=True,
    )
    assert saved.request.path == f"/staff/reviews/{review_id}"
    placement_row = text_of(saved.page.select_one("#placement"))
    assert placement_row == f"Placement U1 since {moved_on.day} {moved_on:%B %Y}, Nana's"
    assert audit("placement move recorded") == [
        ("iro@example.org", "P-2", f"U1 from {moved_on.isoformat()}")
    ]
    # Another IRO is told the child's review is not found, and the manager-only pages refuse them.
    auth.switch_to(other.email)
    assert client.get(f"/staff/reviews/{review_id}/placement").status_code == 404
    refused = client.post(
        f"/staff/reviews/{review_id}/placement",
        data={"starts_on": TODAY.isoformat(), "placement_type": "K2"},
    )
    assert refused.status_code == 404
    assert client.get("/managers/by-hand/placement").status_code == 403
    assert client.get("/managers/by-hand/iro").status_code == 403
    assert placements() == [("P-2", moved_on, "U1")]


def test_a_manager_changes_one_childs_iro_to_an_active_iro(client, auth, manager, iro):
    child = make_child("P-3", iro)
    other_child = make_child("P-4", iro)
    new = make_user(email="new@example.org", name="Nia New")
    gone = make_user(email="gone@example.org", name="Gil Gone")
    gone.active = False
    boss = make_user(email="boss@example.org", name="Pat Boss", role=Role.MANAGER)
    db.session.commit()
    auth.login(email="manager@example.org")
    page = client.get("/managers/by-hand/iro?child_ref=P-3")
    assert page.status_code == 200
    assert page.page.select_one("input[name=child_ref]")["value"] == "P-3"
    # Only active IROs are offered.
    offered = [o["value"] for o in page.page.select("select[name=iro_email] option")]
    assert offered == ["", "new@example.org", "iro@example.org"]

    def change(ref, email):
        return client.post("/managers/by-hand/iro", data={"child_ref": ref, "iro_email": email})

    cases = [
        ("", "", ["Child's case number is empty", "Choose the child's new IRO"]),
        (
            "P-3",
            gone.email,
            ["gone@example.org is not an IRO who can sign in to My Say: choose an active IRO"],
        ),
        (
            "P-3",
            boss.email,
            ["boss@example.org is not an IRO who can sign in to My Say: choose an active IRO"],
        ),
        ("P-3", iro.email, ["Sam Patel is already this child's IRO, so nothing changed"]),
    ]
    for ref, email, expected in cases:
        bad = change(ref, email)
        assert bad.status_code == 400, (ref, email)
        assert errors_of(bad) == expected
        assert bad.page.select_one("input[name=child_ref]")["value"] == ref
    assert audit("IRO changed") == []

    done = client.post(
        "/managers/by-hand/iro",
        data={"child_ref": "P-3", "iro_email": "NEW@example.org"},
        follow_redirects=True,
    )
    assert "P-3 (P-3) has a new IRO: Nia New." in text_of(done)
    db.session.refresh(child)
    db.session.refresh(other_child)
    assert (child.iro_id, other_child.iro_id) == (new.id, iro.id)
    assert audit("IRO changed") == [
        ("manager@example.org", "P-3", "from iro@example.org to new@example.org")
    ]
    # The old IRO no longer sees the child; the new one does.
    auth.switch_to(iro.email)
    assert client.get(f"/staff/reviews/{child.reviews[0].id}").status_code == 404
    auth.switch_to(new.email)
    assert client.get(f"/staff/reviews/{child.reviews[0].id}").status_code == 200
