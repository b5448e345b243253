"""Invitations for parents and carers, links sent by email and text, reminders, reissuing."""

from datetime import date, timedelta

import pytest

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations import links as invitations
from app.domain.messages.reminders import normalise_mobile, purge_contacts, send_link
from app.extensions import db
from app.models.sending import InvitationContact
from tests.clock import TEST_DATE as TODAY
from tests.clock import now
from tests.factories import (
    invite_from_page,
    letter_pdf,
    make_child,
    make_user,
    outbox,
    read_pdf,
    text_of,
)


@pytest.fixture(autouse=True)
def _outbox_only(app):
    # A developer's environment may name a real mail server; nothing here may leave the machine.
    app.config.update({"NOTIFY_API_KEY": "", "SMTP_HOST": ""})


def contacts():
    db.session.expire_all()
    return db.session.scalars(db.select(InvitationContact).order_by(InvitationContact.id)).all()


def long_date(day):
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B %Y')}"


def test_bundled_parent_and_carer_booklets_are_for_them(app):
    for slug in ("parent", "carer"):
        booklet = booklet_of(latest_version(slug))
        assert booklet.audience == slug
        assert 4 <= len(booklet.pages) <= 6
        kinds = {q.kind for q in booklet.questions()}
        assert "faces5" in kinds and "long_text" in kinds
        labels = " ".join(q.label for q in booklet.questions()).lower()
        assert "review" in labels and "plan" in labels
    carer = " ".join(q.label for q in booklet_of(latest_version("carer")).questions()).lower()
    assert "support" in carer and "health" in carer and "school" in carer


def test_parent_and_carer_are_offered_their_own_booklets(client, auth, iro):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    page = client.get(f"/staff/reviews/{review.id}").page
    options = [option["value"] for option in page.select('select[name="booklet"] option')]
    assert "middle" in options and "parent" not in options and "carer" not in options

    page = client.get(f"/staff/reviews/{review.id}?respondent=parent").page
    select = page.select_one('select[name="booklet"]')
    assert [option["value"] for option in select.select("option")] == ["parent"]
    assert select.select_one("option[selected]")["value"] == "parent"
    # The form that makes the invitation says who it is for.
    respondent = select.find_parent("form").select_one('input[name="respondent"]')
    assert (respondent["type"], respondent["value"]) == ("hidden", "parent")


def test_parent_and_carer_invitations_leave_the_childs_link_working(client, auth, iro):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    child_fields, _ = invite_from_page(client, review, "middle")
    parent_fields, _ = invite_from_page(client, review, "parent", "parent")
    carer_fields, _ = invite_from_page(client, review, "carer", "carer")

    child, parent, carer = (
        invitations.find_by_token(f["token"]) for f in (child_fields, parent_fields, carer_fields)
    )
    assert (child.respondent, child.booklet_version.slug) == ("child", "middle")
    assert (parent.respondent, parent.booklet_version.slug) == ("parent", "parent")
    assert (carer.respondent, carer.booklet_version.slug) == ("carer", "carer")
    assert all(i.revoked_at is None for i in (child, parent, carer))

    # A second parent invitation stops the first parent link only.
    invite_from_page(client, review, "parent", "parent")
    db.session.expire_all()
    assert parent.revoked_at is not None
    assert child.revoked_at is None and carer.revoked_at is None


def test_a_childs_booklet_cannot_be_sent_to_a_carer(client, auth, iro):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    for data in (
        {"booklet": "middle", "language": "en", "respondent": "carer"},
        {"booklet": "parent", "language": "en"},
        {"booklet": "parent", "language": "en", "respondent": "uncle"},
    ):
        page = client.post(f"/staff/reviews/{review.id}/invitations", data=data)
        assert page.status_code == 400
        assert "There is a problem" in page.get_data(as_text=True)
    db.session.refresh(review)
    assert review.invitations == []


def test_invitation_page_for_a_parent_does_not_greet_the_child(client, auth, iro):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    response = client.post(
        f"/staff/reviews/{review.id}/invitations",
        data={"booklet": "parent", "language": "en", "respondent": "parent"},
    )
    assert "Hello Ava" not in response.get_data(as_text=True)
    assert "The review of Ava's care plan" in text_of(response)
    assert response.page.select_one("h1").get_text() == "Invitation for Ava's parent"


@pytest.mark.parametrize("respondent", ["parent", "carer"])
def test_the_pdf_letter_for_a_parent_or_carer_speaks_to_them(client, auth, iro, respondent):
    review = make_child("C-1", iro, name="Ava").reviews[0]
    auth.login()
    fields, link = invite_from_page(client, review, respondent, respondent)
    _, text = read_pdf(letter_pdf(client, review, fields).data)
    assert "Hello Ava" not in text and "Your review is on" not in text
    assert text.count("Hello,") == 1
    assert f"The review of Ava's care plan is on {long_date(review.review_date)}" in text
    assert "open your form" in text and fields["code"] in text
    assert link in text.replace(" ", "")


def test_send_by_email_and_text_puts_both_in_the_outbox(client, auth, iro):
    child = make_child("C-7", iro, name="Ben", first="Benjamin")
    review = child.reviews[0]
    auth.login()
    fields, link = invite_from_page(client, review, "middle")
    page = client.post(
        f"/staff/reviews/{review.id}/invitations/send",
        data={**fields, "email": " ben@example.org ", "mobile": "07700 900 123"},
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Sent to ben@example.org" in html and "Sent to 07700900123" in html

    email, sms = outbox()
    assert (email.channel, email.to) == ("email", "ben@example.org")
    assert (sms.channel, sms.to) == ("sms", "07700900123")
    for message in (email, sms):
        # Issue 11, gap 2: what was sent is kept without the link's secret.
        assert link not in message.body and fields["token"] not in message.body
        assert "[link not kept]" in message.body
        assert long_date(review.review_date) in message.body
        assert "Sam Patel" in message.body
        for personal in ("Ben", "Benjamin", "C-7"):
            assert personal not in message.body and personal not in (message.subject or "")

    stored = contacts()
    assert [(c.channel, c.address) for c in stored] == [
        ("email", "ben@example.org"),
        ("sms", "07700900123"),
    ]
    review_page = client.get(f"/staff/reviews/{review.id}").get_data(as_text=True)
    assert "Sent to ben@example.org" in review_page and "Sent to 07700900123" in review_page

    # Reloading the page that answered the POST sends it again: nothing goes twice.
    again = client.post(
        f"/staff/reviews/{review.id}/invitations/send", data={**fields, "email": "ben@example.org"}
    )
    assert "Already sent to ben@example.org" in again.get_data(as_text=True)
    assert len(outbox()) == 2 and len(contacts()) == 2


@pytest.mark.parametrize(
    ("email", "mobile", "message"),
    [
        ("ben@", "", "Enter an email address like name@example.com"),
        ("", "01926 410410", "Enter a UK mobile number, starting 07 or +44 7"),
        ("", "0770090012", "Enter a UK mobile number, starting 07 or +44 7"),
        ("", "", "Enter an email address or a mobile number, or both"),
        ("ben@example.org", "phone", "Enter a UK mobile number"),
    ],
)
def test_bad_address_is_refused_in_plain_words_and_nothing_is_sent(
    client, auth, iro, email, mobile, message
):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    fields, link = invite_from_page(client, review, "middle")
    page = client.post(
        f"/staff/reviews/{review.id}/invitations/send",
        data={**fields, "email": email, "mobile": mobile},
    )
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert message in html
    # The page still shows the link, so that the IRO can correct the address and send it.
    assert link in html and fields["code"] in html
    assert outbox() == [] and contacts() == []


def test_mobile_numbers_in_their_usual_shapes():
    assert normalise_mobile("07700 900123") == "07700900123"
    assert normalise_mobile("+44 7700 900123") == "07700900123"
    assert normalise_mobile("+44 (0)7700") is None
    assert normalise_mobile("020 7946 0000") is None
    assert normalise_mobile("") is None


def test_a_link_from_another_review_is_not_found(client, auth, iro):
    first = make_child("C-1", iro).reviews[0]
    second = make_child("C-2", iro).reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, first, "middle")
    other_fields, _ = invite_from_page(client, second, "middle")
    url = f"/staff/reviews/{second.id}/invitations/send"
    assert client.post(url, data={**fields, "email": "a@example.org"}).status_code == 404
    mixed = {"token": other_fields["token"], "code": fields["code"], "email": "a@example.org"}
    assert client.post(url, data=mixed).status_code == 404
    assert client.post(url, data={"email": "a@example.org"}).status_code == 400
    assert outbox() == []


def test_another_iros_review_is_not_found(client, auth, iro):
    other = make_user(email="other@example.org", name="Jo Other")
    theirs = make_child("C-9", other).reviews[0]
    version = latest_version("middle")
    invitation, token, code = invitations.create(theirs, version)
    db.session.commit()
    auth.login()
    response = client.post(
        f"/staff/reviews/{theirs.id}/invitations/send",
        data={"token": token, "code": code, "email": "a@example.org"},
    )
    assert response.status_code == 404
    assert outbox() == []


def test_a_stopped_link_is_not_sent(client, auth, iro):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    fields, _ = invite_from_page(client, review, "middle")
    invitations.find_by_token(fields["token"]).revoked_at = now()
    db.session.commit()
    page = client.post(
        f"/staff/reviews/{review.id}/invitations/send", data={**fields, "email": "a@example.org"}
    )
    assert page.status_code == 410
    assert "no longer works" in page.get_data(as_text=True)
    assert outbox() == []


def sent_invitation(app, ref, iro, review_in, respondent="child", language="en", **stamps):
    """An invitation for a review ``review_in`` days away, sent to an email and a mobile."""
    review = make_child(ref, iro, review_in=review_in).reviews[0]
    slug = "middle" if respondent == "child" else respondent
    invitation, token, _ = invitations.create(
        review, latest_version(slug), respondent=respondent, language=language
    )
    with app.test_request_context():
        send_link(
            invitation,
            f"http://localhost/b/{token}",
            "Sam Patel",
            f"{ref}@example.org",
            "07700900123",
        )
    for name, value in stamps.items():
        setattr(invitation, name, value)
    db.session.commit()
    return invitation


def test_reminders_go_once_to_each_contact_within_the_window(app, runner, iro):
    soon = sent_invitation(app, "soon", iro, 2)
    today = sent_invitation(app, "today", iro, 0, respondent="carer")
    sent_invitation(app, "later", iro, 10)
    sent_invitation(app, "done", iro, 1, submitted_at=now())
    sent_invitation(app, "stopped", iro, 1, revoked_at=now())
    sent_invitation(app, "past", iro, -1)
    before = len(outbox())

    result = runner.invoke(args=["invitations", "remind"])
    assert result.exit_code == 0, result.output
    assert "4 reminder(s)" in result.output
    reminders = outbox()[before:]
    assert sorted(m.to for m in reminders if m.channel == "email") == [
        "soon@example.org",
        "today@example.org",
    ]
    assert len([m for m in reminders if m.channel == "sms"]) == 2
    for message in reminders:
        assert "/b/" not in message.body  # the link is not stored, so it cannot be resent
        assert "use the link in the message we sent on" in message.body
        assert long_date(TODAY) in message.body
    child_email = next(m for m in reminders if m.to == "soon@example.org")
    assert child_email.body.startswith(f"Your review is on {long_date(soon.review.review_date)}")
    carer_email = next(m for m in reminders if m.to == "today@example.org")
    assert "waiting for your views" in carer_email.body
    assert today.contacts[0].reminded_at is not None

    again = runner.invoke(args=["invitations", "remind"])
    assert "0 reminder(s)" in again.output
    assert len(outbox()) == before + 4


def test_reminder_days_come_from_the_config(app, runner, iro):
    sent_invitation(app, "later", iro, 10)
    app.config["REMINDER_DAYS_BEFORE"] = 10
    result = runner.invoke(args=["invitations", "remind"])
    assert "2 reminder(s)" in result.output


def test_purge_forgets_addresses_of_expired_and_stopped_links(app, runner, iro):
    days = app.config["INVITATION_DAYS_AFTER_REVIEW"]
    live = sent_invitation(app, "live", iro, 5)
    last_day = sent_invitation(app, "lastday", iro, -days)
    sent_invitation(app, "expired", iro, -days - 1)
    sent_invitation(app, "stopped", iro, 5, revoked_at=now())

    result = runner.invoke(args=["invitations", "purge-contacts"])
    assert result.exit_code == 0 and "4 address(es) deleted" in result.output
    assert {c.invitation_id for c in contacts()} == {live.id, last_day.id}
    assert purge_contacts(TODAY + timedelta(days=1)) == 2  # the last day has passed now
    assert {c.invitation_id for c in contacts()} == {live.id}


def test_a_stopped_link_can_be_reissued_with_the_same_booklet(client, auth, iro):
    review = make_child("C-1", iro).reviews[0]
    auth.login()
    invite_from_page(client, review, "carer", "carer")
    html = client.get(f"/staff/reviews/{review.id}").get_data(as_text=True)
    assert "Reissue (lost link)" in html
    old = review.invitations[0]
    client.post(f"/staff/reviews/{review.id}/invitations/{old.id}/stop")
    html = client.get(f"/staff/reviews/{review.id}").get_data(as_text=True)
    assert html.count(">Reissue<") == 1

    page = client.post(
        f"/staff/reviews/{review.id}/invitations",
        data={"respondent": "carer", "booklet": "carer", "language": "en"},
    )
    assert page.status_code == 200 and "Send this link" in page.get_data(as_text=True)
    db.session.expire_all()
    new = review.invitations[-1]
    assert new.id != old.id and new.respondent == "carer" and new.revoked_at is None
    assert new.booklet_version.slug == "carer"
    # The old link is replaced by a live one: no second "Reissue" for it.
    html = client.get(f"/staff/reviews/{review.id}").get_data(as_text=True)
    assert ">Reissue<" not in html and html.count("Reissue (lost link)") == 1


@pytest.mark.parametrize("language", ["ar", "ti", "cy", "pl"])
def test_the_link_and_its_reminder_go_in_the_childs_language(app, runner, iro, language):
    from babel.dates import get_month_names
    from babel.messages.pofile import read_po

    with open(f"translations/{language}/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f)

    def opening(english: str) -> str:
        """The translation's words before its first placeholder: what the message starts with."""
        words = catalogue.get(english).string
        assert words, f"{language} does not translate {english!r}"
        return words.split("%(")[0].strip()

    invitation = sent_invitation(app, "C-1", iro, 2, language=language)
    first = outbox()
    runner.invoke(args=["invitations", "remind"])
    reminders = outbox()[len(first) :]
    assert len(first) == 2 and len(reminders) == 2
    month = get_month_names("wide", locale=language)[invitation.review.review_date.month]
    link_text = opening(
        "Your review is on %(day)s. %(iro)s, your IRO, would like to know what you think. "
        "Open your booklet: %(link)s"
    )
    reminder_text = opening(
        "Your review is on %(day)s. Your booklet is waiting: use the link in the message "
        "we sent on %(sent)s."
    )
    sms = next(m for m in first if m.channel == "sms")
    assert sms.body.startswith(link_text), sms.body
    for message in first + reminders:
        assert month in message.body, message.body
        assert "Your review is on" not in message.body and "booklet" not in message.body
    for message in reminders:
        assert message.body.startswith(reminder_text), message.body
