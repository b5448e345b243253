"""Alerts: an urgent booklet reaches a person today, and stays in view until someone acts.

Raised once per booklet (see app/domain/safety.py), sent at once to the child's IRO and the duty
inbox, shown on the dashboard until acknowledged with a note of what was done, and sent on to the
managers by ``flask --app wsgi alerts escalate`` when nobody has within the escalation hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, current_app
from flask_babel import force_locale, format_date, format_datetime
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.domain.messages.delivery import send_email, send_sms
from app.domain.messages.urls import absolute_url
from app.domain.reviews.access import can_see
from app.domain.reviews.cover import child_scope
from app.extensions import db
from app.models import Child, Invitation, Review, Role, User, utcnow
from app.models.alerts import Alert, Setting

DUTY_INBOX = "alerts.duty_inbox"
ESCALATION_HOURS = "alerts.escalation_hours"
DEFAULT_ESCALATION_HOURS = 4


def get_setting(key: str) -> str | None:
    row = db.session.get(Setting, key)
    return row.value if row else None


def set_setting(key: str, value: str | None) -> None:
    """Set or (with an empty value) clear a setting. The caller commits."""
    row = db.session.get(Setting, key)
    if not value:
        if row is not None:
            db.session.delete(row)
        return
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value


def duty_inbox() -> str | None:
    return get_setting(DUTY_INBOX)


def escalation_hours() -> int:
    """Managers' choice when made, else ``ALERT_ESCALATION_HOURS``, else 4."""
    for value in (get_setting(ESCALATION_HOURS), current_app.config.get("ALERT_ESCALATION_HOURS")):
        try:
            if value is not None and int(value) > 0:
                return int(value)
        except ValueError:
            continue
    return DEFAULT_ESCALATION_HOURS


def review_link(review: Review) -> str:
    """The review page's address for a message to staff."""
    return absolute_url("staff.review", review_id=review.id)


def _attention_text(review: Review) -> str:
    return _(
        "A booklet for %(name)s's review on %(day)s needs your attention today.",
        name=review.child.display_name,
        day=format_date(review.review_date, "d MMMM yyyy"),
    )


def raise_alert(invitation: Invitation, reason: str) -> Alert:
    """Record an alert for the booklet and send it at once. The caller commits.

    Sent to the child's IRO (email, and a text message when they have a phone) and to the duty
    inbox; when there is no active IRO to tell, the managers are told at once instead of later.
    """
    alert = Alert(invitation=invitation, reason=reason[:300], raised_at=utcnow())
    db.session.add(alert)
    db.session.flush()
    review = invitation.review
    iro = review.child.iro
    # Staff read these in the service's language, whatever language the child's booklet used.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Urgent: a booklet needs your attention today")
        attention = _attention_text(review)
        link = review_link(review)
        body = "\n\n".join(
            [
                attention,
                _("Open the review to read it and to record what you did: %(link)s", link=link),
                _("For safety this message does not say what was written."),
            ]
        )
        sms = f"{attention} {link}"
    told = set()
    if iro is not None and iro.active:
        send_email(iro.email, subject, body)
        told.add(iro.email.lower())
        if iro.phone:
            send_sms(iro.phone, sms)
    inbox = duty_inbox()
    if inbox and inbox.lower() not in told:
        send_email(inbox, subject, body)
        told.add(inbox.lower())
    if iro is None or not iro.active:
        for manager in active_managers():
            if manager.email.lower() not in told:
                send_email(manager.email, subject, body)
                told.add(manager.email.lower())
    return alert


def active_managers() -> list[User]:
    managers = db.session.scalars(
        db.select(User).where(User.role == Role.MANAGER, User.active.is_(True)).order_by(User.id)
    ).all()
    if managers:
        return list(managers)
    # A council with only an admin set up must still have someone to escalate to.
    return list(
        db.session.scalars(
            db.select(User).where(User.role == Role.ADMIN, User.active.is_(True)).order_by(User.id)
        )
    )


def _with_review():
    return selectinload(Alert.invitation).selectinload(Invitation.review).selectinload(Review.child)


def open_alerts_for(user: User) -> list[Alert]:
    """Alerts nobody has acknowledged, about children ``user`` may see, oldest first."""
    # The same scope as every other list, so an IRO covering for a colleague sees these too.
    scope = child_scope(user)
    return list(
        db.session.scalars(
            db.select(Alert)
            .join(Invitation, Invitation.id == Alert.invitation_id)
            .join(Review, Review.id == Invitation.review_id)
            .join(Child, Child.id == Review.child_id)
            .where(Alert.acknowledged_at.is_(None), scope)
            .options(_with_review())
            .order_by(Alert.raised_at, Alert.id)
        )
    )


def alert_or_404(alert_id: int, user: User) -> Alert:
    """The alert with its review and child, if ``user`` may see the child.

    Another IRO's alert is "not found": that a child of theirs is at risk is not theirs to know.
    """
    alert = db.session.execute(
        db.select(Alert)
        .filter_by(id=alert_id)
        .options(_with_review(), selectinload(Alert.acknowledged_by))
    ).scalar_one_or_none()
    if alert is None or not can_see(user, alert.invitation.review.child):
        abort(404)
    return alert


def alerts_for_review(review: Review) -> list[Alert]:
    """Every alert about the review's booklets: open ones first, then the record of the rest."""
    alerts = db.session.scalars(
        db.select(Alert)
        .join(Invitation, Invitation.id == Alert.invitation_id)
        .where(Invitation.review_id == review.id)
        .options(_with_review(), selectinload(Alert.acknowledged_by))
        .order_by(Alert.raised_at, Alert.id)
    ).all()
    return sorted(alerts, key=lambda a: not a.is_open)


def acknowledge(alert: Alert, user: User, action_taken: str) -> bool:
    """Close the alert with what was done; False if someone already had. The caller commits."""
    if alert.acknowledged_at is not None:
        return False
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = user.id
    alert.action_taken = action_taken.strip()
    return True


def escalate(now: datetime | None = None) -> list[Alert]:
    """Send every alert left open longer than the escalation hours to the managers, once.

    Each alert is marked and committed with its messages, so a run that stops half way, or a
    second run, sends nothing twice; a row lock keeps two overlapping runs (cron on two servers)
    from both sending the same one.
    """
    now = now or utcnow()
    hours = escalation_hours()
    managers = active_managers()
    if not managers:
        return []  # marking them escalated would claim someone was told
    due_ids = db.session.scalars(
        db.select(Alert.id)
        .where(
            Alert.acknowledged_at.is_(None),
            Alert.escalated_at.is_(None),
            Alert.raised_at <= now - timedelta(hours=hours),
        )
        .order_by(Alert.raised_at, Alert.id)
    ).all()
    escalated = []
    for alert_id in due_ids:
        # Checked again under a row lock: another run may have sent it since the list was read.
        alert = db.session.scalars(
            db.select(Alert)
            .where(
                Alert.id == alert_id,
                Alert.escalated_at.is_(None),
                Alert.acknowledged_at.is_(None),
            )
            .with_for_update(skip_locked=True)
        ).one_or_none()
        if alert is None:
            db.session.rollback()
            continue
        review = alert.invitation.review
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            subject = _("Urgent and not yet acknowledged: a booklet needs attention today")
            body = "\n\n".join(
                [
                    _attention_text(review),
                    _(
                        "It was marked urgent at %(when)s and nobody has recorded what they did "
                        "within %(hours)d hours.",
                        when=format_datetime(alert.raised_at, "d MMMM yyyy, HH:mm"),
                        hours=hours,
                    ),
                    _(
                        "Open the review to read it and to record what you did: %(link)s",
                        link=review_link(review),
                    ),
                    _("For safety this message does not say what was written."),
                ]
            )
        for manager in managers:
            send_email(manager.email, subject, body)
        alert.escalated_at = now
        db.session.commit()
        escalated.append(alert)
    return escalated
