"""Issue 11, gap 9: the audit log and its page, retention, subject access, erasure, backup."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.domain.audit import record
from app.extensions import db
from app.models import Answer, Child, Invitation, Review
from app.models.audit import AuditEvent
from tests.booklet_helpers import POSTED
from tests.conftest import make_user
from tests.factories import TODAY, make_child, make_invitation


def events(action=None):
    db.session.expire_all()
    q = db.select(AuditEvent).order_by(AuditEvent.id)
    if action:
        q = q.where(AuditEvent.action == action)
    return db.session.scalars(q).all()


def answered(client, ref="C-9", name="Ava"):
    link = make_invitation(ref=ref, name=name)
    client.get(f"/b/{link.token}")
    client.post("/my-say/page/1", data=POSTED[1])
    client.post("/my-say/page/2", data=POSTED[2])
    return db.session.get(Invitation, link.id)


def test_reading_printing_and_signing_in_are_in_the_audit_log(app, client, auth, iro):
    invitation = answered(app.test_client())
    review = invitation.review
    auth.login()
    assert client.get(f"/staff/reviews/{review.id}").status_code == 200
    assert client.get(f"/staff/reviews/{review.id}/answers.pdf").status_code == 200
    client.post("/staff/sign-out")
    client.post("/staff/sign-in", data={"email": "iro@example.org", "password": "wrong"})
    done = [(e.action, e.user_email, e.child_ref) for e in events()]
    assert ("sign-in", "iro@example.org", None) in done
    assert ("read answers", "iro@example.org", "C-9") in done
    assert ("printed answers", "iro@example.org", "C-9") in done
    assert ("sign-out", "iro@example.org", None) in done
    assert ("sign-in failed", "iro@example.org", None) in done
    # Another IRO's 404 read nothing, so nothing is logged as read.
    make_user(email="other@example.org", name="Other")
    auth.login("other@example.org")
    assert client.get(f"/staff/reviews/{review.id}").status_code == 404
    assert not [e for e in events("read answers") if e.user_email == "other@example.org"]


def test_the_audit_log_cannot_be_changed_or_deleted(app):
    record("read answers", detail="x")
    db.session.commit()
    for statement in ("UPDATE audit_event SET action = 'nothing'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError):
            db.session.execute(text(statement))
            db.session.flush()
        db.session.rollback()
    assert [e.action for e in events()] == ["read answers"]


def test_managers_search_the_log_and_take_it_away_as_csv(app, client, auth, iro, manager):
    invitation = answered(app.test_client())
    auth.login()
    client.get(f"/staff/reviews/{invitation.review_id}")
    client.post("/staff/sign-out")
    auth.login("manager@example.org")
    page = client.get("/managers/audit?child_ref=C-9")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert (
        "read answers" in html
        and "iro@example.org" in html
        and "sign-in" not in html.split("<tbody>")[1]
    )
    download = client.get("/managers/audit.csv?email=iro@example.org")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert {r["action"] for r in rows} >= {"sign-in", "read answers"}
    assert all(r["staff email"] == "iro@example.org" for r in rows)
    assert events("exported audit log")
    client.post("/staff/sign-out")
    auth.login()
    assert client.get("/managers/audit").status_code == 403


def test_the_log_searched_to_the_last_day_a_date_can_have(app, client, auth, iro, manager):
    # A manager asking for "everything" types the widest dates the date picker takes.
    auth.login("manager@example.org")
    widest = {"date_from": "0001-01-01", "date_to": "9999-12-31"}
    download = client.get("/managers/audit.csv", query_string=widest)
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.data.decode("utf-8-sig"))))
    assert {r["action"] for r in rows} >= {"sign-in"}
    assert client.get("/managers/audit", query_string=widest).status_code == 200


def test_subject_access_export_has_everything_about_the_child(app, client, auth, iro, manager):
    invitation = answered(app.test_client())
    review = invitation.review
    review.decisions = [{"asked": "See mum on Saturdays", "decided": "Every other Saturday"}]
    db.session.commit()
    auth.login("manager@example.org")
    data = json.loads(client.get("/managers/records/C-9.json").data)
    assert data["child"]["preferred name"] == "Ava"
    (held,) = data["reviews"]
    assert held["you said, we did"][0]["asked"] == "See mum on Saturdays"
    answers = held["booklets"][0]["answers"]
    assert any("My nan" in a["answer"] for a in answers)
    pdf = client.get("/managers/records/C-9.pdf")
    assert pdf.mimetype == "application/pdf"
    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Ava" in words and "My nan" in words
    assert len(events("exported subject access")) == 2


def test_erasure_removes_everything_but_the_audit_lines(app, client, auth, manager):
    invitation = answered(app.test_client())
    invitation_id = invitation.id  # the row is gone after the erasure, so keep its id
    other = answered(app.test_client(), ref="C-10", name="Ben")
    auth.login("manager@example.org")
    wrong = client.post("/managers/records/C-9/erase", data={"confirm": "C-10"})
    assert wrong.status_code == 400 and db.session.get(Child, invitation.review.child_id)
    done = client.post(
        "/managers/records/C-9/erase", data={"confirm": "C-9"}, follow_redirects=True
    )
    assert "Everything about C-9 is erased" in done.get_data(as_text=True)
    db.session.expire_all()
    refs = db.session.scalars(db.select(Child.child_ref)).all()
    assert refs == ["C-10"]
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Answer)
            .where(Answer.invitation_id == invitation_id)
        )
        == 0
    )
    assert db.session.get(Invitation, other.id).answers
    assert [e.child_ref for e in events("erased child")] == ["C-9"]


def test_retention_purge_erases_children_past_the_councils_age(app, runner, iro):
    old = make_child("OLD", iro, age=25)
    young = make_child("YOUNG", iro, age=24)
    old.date_of_birth = TODAY.replace(year=TODAY.year - 25)  # the 25th birthday is today
    young.date_of_birth = TODAY.replace(year=TODAY.year - 25) + timedelta(days=1)
    db.session.commit()
    dry = runner.invoke(args=["privacy", "purge", "--dry-run"])
    assert "1 child record(s) would be erased" in dry.output
    assert db.session.scalar(db.select(db.func.count()).select_from(Child)) == 2
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "1 child record(s) erased" in result.output
    assert db.session.scalars(db.select(Child.child_ref)).all() == ["YOUNG"]
    app.config["RETENTION_AGE_YEARS"] = 18
    runner.invoke(args=["privacy", "purge"])
    assert db.session.scalars(db.select(Child.child_ref)).all() == []


def test_export_and_erase_commands(app, runner, client, tmp_path):
    answered(client)
    out = tmp_path / "sar.json"
    assert runner.invoke(args=["privacy", "export", "C-9", "--out", str(out)]).exit_code == 0
    assert json.loads(out.read_text())["child"]["case reference"] == "C-9"
    refused = runner.invoke(args=["privacy", "erase", "C-9"])
    assert refused.exit_code != 0 and db.session.scalars(db.select(Child)).all()
    assert runner.invoke(args=["privacy", "erase", "C-9", "--yes"]).exit_code == 0
    assert db.session.scalars(db.select(Child)).all() == []


def snapshot(path):
    from app.domain.privacy.backup import dump

    with open(path, "w", encoding="utf-8") as out:
        dump(out)
    return sorted(path.read_text(encoding="utf-8").splitlines()[1:])


def test_backup_restores_into_a_fresh_database_exactly(app, runner, client, auth, iro, tmp_path):
    answered(client)
    auth.login()
    client.get(f"/staff/reviews/{db.session.scalars(db.select(Review)).first().id}")
    iro.photo = b"\x89PNG fake bytes"
    db.session.commit()
    backup = tmp_path / "backup.jsonl"
    result = runner.invoke(args=["backup", str(backup)])
    assert result.exit_code == 0, result.output
    before = snapshot(tmp_path / "before.jsonl")
    assert "Ava" not in backup.read_text()  # names stay encrypted in the backup

    db.session.remove()
    db.drop_all()
    db.create_all()
    restored = runner.invoke(args=["restore", str(backup)])
    assert restored.exit_code == 0, restored.output
    assert snapshot(tmp_path / "after.jsonl") == before
    db.session.expire_all()
    assert db.session.scalars(db.select(Child.preferred_name)).all() == ["Ava"]
    # New rows get new ids after the restored ones (PostgreSQL's sequences are moved on).
    record("after restore")
    db.session.commit()
    # Restoring twice is refused: it would mix two copies.
    again = runner.invoke(args=["restore", str(backup)])
    assert again.exit_code != 0 and "not empty" in again.output


def test_restore_refuses_a_file_that_is_not_a_backup(app, runner, tmp_path):
    bad = tmp_path / "x.jsonl"
    bad.write_text('{"hello": 1}\n')
    result = runner.invoke(args=["restore", str(bad)])
    assert result.exit_code != 0 and "not a My Say backup" in result.output
