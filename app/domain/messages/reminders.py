"""Sending a booklet link by email or text, reminding before the review, forgetting addresses.

Messages hold a date, the IRO's name and the link, never the child's name: an email or a text can
reach the wrong person, and a name beside "your review" would tell them a child is in care.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from app.domain.invitations.links import expires_on, is_usable
from app.domain.messages import delivery
from app.extensions import db
from app.models import Invitation, Review, utcnow
from app.models.sending import InvitationContact

EMAIL = "email"
SMS = "sms"
# A UK mobile: 07 and nine more digits, or +44 7 and nine more; spaces, dashes, brackets allowed.
MOBILE = re.compile(r"(?:0|\+44|0044)(7\d{9})")


def normalise_mobile(typed: str) -> str | None:
    """A UK mobile number as 07… digits, or None when it is not one."""
    digits = re.sub(r"[\s\-()]", "", typed or "")
    match = MOBILE.fullmatch(digits)
    return "0" + match.group(1) if match else None


def _long_date(day: date) -> str:
    return format_date(day, "EEEE d MMMM yyyy")


@dataclass
class Sent:
    contact: InvitationContact
    again: bool  # True when the link had already gone to this address: nothing was sent now


def send_link(
    invitation: Invitation, link: str, iro_name: str, email: str | None, mobile: str | None
) -> list[Sent]:
    """Send the link to an email address and/or a mobile, and remember where it went.

    An address the link already went to is not sent to again, so that reloading the page after
    sending does not send a second message. The caller commits.
    """
    results = []
    for channel, address in ((EMAIL, email), (SMS, mobile)):
        if not address:
            continue
        earlier = next(
            (c for c in invitation.contacts if c.channel == channel and c.address == address),
            None,
        )
        if earlier is not None:
            results.append(Sent(earlier, again=True))
            continue
        with force_locale(invitation.language):
            if channel == EMAIL:
                delivery.send_email(
                    address,
                    _invitation_subject(invitation),
                    _email_body(invitation, link, iro_name),
                    secret=link,
                )
            else:
                delivery.send_sms(address, _sms_body(invitation, link, iro_name), secret=link)
        contact = InvitationContact(
            invitation=invitation, channel=channel, address=address, sent_at=utcnow()
        )
        db.session.add(contact)
        results.append(Sent(contact, again=False))
    db.session.flush()
    return results


def _for_child(invitation: Invitation) -> bool:
    return invitation.respondent == "child"


def _invitation_subject(invitation: Invitation) -> str:
    if _for_child(invitation):
        return _("Your My Say booklet for your review")
    return _("Your views before a review: My Say")


def _email_body(invitation: Invitation, link: str, iro_name: str) -> str:
    day = _long_date(invitation.review.review_date)
    until = _long_date(expires_on(invitation))
    if _for_child(invitation):
        lines = [
            _("Hello,"),
            "",
            _(
                "Your review is on %(day)s. I am %(iro)s, your Independent Reviewing Officer, "
                "and I would like to know what you think before we meet.",
                day=day,
                iro=iro_name,
            ),
            "",
            _("Open your booklet here:"),
            link,
            "",
            _(
                "The link works until %(until)s. Keep it private: it opens your booklet. "
                "A carer or another adult you trust can help you.",
                until=until,
            ),
        ]
    else:
        lines = [
            _("Hello,"),
            "",
            _(
                "A review of a care plan you are part of is on %(day)s. I am %(iro)s, "
                "the Independent Reviewing Officer, and I would like your views before it.",
                day=day,
                iro=iro_name,
            ),
            "",
            _("Open the booklet here:"),
            link,
            "",
            _("The link works until %(until)s. Please keep it private.", until=until),
        ]
    return "\n".join(lines) + "\n"


def _sms_body(invitation: Invitation, link: str, iro_name: str) -> str:
    day = _long_date(invitation.review.review_date)
    if _for_child(invitation):
        return _(
            "Your review is on %(day)s. %(iro)s, your IRO, would like to know what you think. "
            "Open your booklet: %(link)s",
            day=day,
            iro=iro_name,
            link=link,
        )
    return _(
        "A review is on %(day)s. %(iro)s, the IRO, would like your views. "
        "Open the booklet: %(link)s",
        day=day,
        iro=iro_name,
        link=link,
    )


def reminder_days() -> int:
    return int(current_app.config.get("REMINDER_DAYS_BEFORE", 3))


def remind(today: date | None = None) -> list[InvitationContact]:
    """Remind each contact of a live, unsent booklet whose review is a few days away, once."""
    today = today or date.today()
    due = db.session.scalars(
        db.select(InvitationContact)
        .join(InvitationContact.invitation)
        .join(Invitation.review)
        .where(
            InvitationContact.reminded_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.submitted_at.is_(None),
            Review.review_date >= today,
            Review.review_date <= today + timedelta(days=reminder_days()),
        )
        .order_by(InvitationContact.id)
    ).all()
    reminded = []
    for contact in due:
        invitation = contact.invitation
        if not is_usable(invitation, today):
            continue
        # Only the token's hash is stored, so the reminder cannot carry the link itself: it points
        # back to the message that did. Keeping tokens in clear would let anyone who reads the
        # database open every child's booklet.
        with force_locale(invitation.language):
            body = _reminder_body(invitation, contact)
            if contact.channel == EMAIL:
                delivery.send_email(contact.address, _("Reminder: your My Say booklet"), body)
            else:
                delivery.send_sms(contact.address, body)
        contact.reminded_at = utcnow()
        reminded.append(contact)
    db.session.commit()
    return reminded


def _reminder_body(invitation: Invitation, contact: InvitationContact) -> str:
    day = _long_date(invitation.review.review_date)
    sent = _long_date(contact.sent_at.date())
    if _for_child(invitation):
        return _(
            "Your review is on %(day)s. Your booklet is waiting: use the link in the message "
            "we sent on %(sent)s.",
            day=day,
            sent=sent,
        )
    return _(
        "The review is on %(day)s. The booklet is waiting for your views: use the link in the "
        "message we sent on %(sent)s.",
        day=day,
        sent=sent,
    )


def purge_contacts(today: date | None = None) -> int:
    """Delete the addresses of links that have expired or been stopped; how many went."""
    today = today or date.today()
    last_review_day = today - timedelta(days=current_app.config["INVITATION_DAYS_AFTER_REVIEW"])
    gone = db.session.scalars(
        db.select(InvitationContact)
        .join(InvitationContact.invitation)
        .join(Invitation.review)
        .where(Invitation.revoked_at.is_not(None) | (Review.review_date < last_review_day))
    ).all()
    for contact in gone:
        db.session.delete(contact)
    db.session.commit()
    return len(gone)
