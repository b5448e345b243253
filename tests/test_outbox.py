"""Issue 11, gap 2: the outbox keeps what was sent without the link's secret, for a while only."""

from datetime import timedelta

from app.domain.messages import delivery
from app.extensions import db
from app.models.alerts import OutboxMessage
from tests.clock import now
from tests.delivery_helpers import notify
from tests.factories import invite_from_page, make_child, outbox


def test_the_child_gets_the_link_but_the_outbox_keeps_a_placeholder(app, notify):
    link = "https://mysay.test/b/SECRET-TOKEN-123"
    message = delivery.send_email("ben@example.org", "Your booklet", f"Open {link} today", link)
    sms = delivery.send_sms("07700900123", f"Open {link}", secret=link)
    delivered = [call[1]["personalisation"]["body"] for call in notify.calls]
    assert delivered == [f"Open {link} today", f"Open {link}"]
    db.session.commit()
    for stored in (message, sms):
        db.session.refresh(stored)
        assert "SECRET-TOKEN-123" not in stored.body and "[link not kept]" in stored.body


def test_managers_cannot_reach_a_childs_booklet_from_the_outbox(client, auth, iro, manager):
    review = make_child("C-7", iro).reviews[0]
    auth.login()
    fields, link = invite_from_page(client, review, booklet="middle")
    client.post(
        f"/staff/reviews/{review.id}/invitations/send",
        data={**fields, "email": "ben@example.org", "mobile": "07700 900 123"},
    )
    client.post("/staff/sign-out")
    auth.login("manager@example.org")
    page = client.get("/staff/outbox")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert fields["token"] not in html and "/b/" not in html
    # Addresses are shown masked: enough to recognise a bounce, not to copy.
    assert "ben@example.org" not in html and "b**@example.org" in html
    assert "07700900123" not in html and "********123" in html


def test_purge_deletes_messages_older_than_the_configured_days(app, runner):
    old = delivery.send_email("a@example.org", "Old", "old")
    new = delivery.send_email("b@example.org", "New", "new")
    old.created_at = now() - timedelta(days=31)
    new.created_at = now() - timedelta(days=29)
    db.session.commit()
    result = runner.invoke(args=["outbox", "purge"])
    assert result.exit_code == 0 and "1 message(s) deleted" in result.output
    assert [m.subject for m in outbox()] == ["New"]
    assert runner.invoke(args=["outbox", "purge", "--days", "0"]).exit_code == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)) == 0
