"""Alerts on the dashboard and review page, acknowledging them, and the managers' settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload
from wtforms import EmailField, HiddenField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from app.domain.messages import alerts as alert_rules
from app.domain.privacy.outbox import masked
from app.extensions import db
from app.models import Invitation, Review
from app.models.alerts import Alert, OutboxMessage
from app.staff import bp
from app.staff.caseload import can_see

OUTBOX_SHOWN = 200


class AcknowledgeForm(FlaskForm):
    action_taken = TextAreaField(
        _l("What did you do?"),
        # Spaces alone say nothing about what was done.
        filters=[lambda text: text.strip() if text else text],
        validators=[
            DataRequired(_l("Write what you did about this alert, so that others know")),
            Length(max=4000, message=_l("Write at most 4,000 characters")),
        ],
    )
    # Where to go afterwards: "review" or the dashboard. Only these two, so it cannot redirect away.
    back = HiddenField()


class AlertSettingsForm(FlaskForm):
    duty_inbox = EmailField(
        _l("Duty inbox email address"),
        validators=[
            Optional(),
            Email(_l("Enter an email address like duty@council.gov.uk")),
            Length(max=254),
        ],
    )
    escalation_hours = IntegerField(
        _l("Hours before an alert goes to every manager"),
        validators=[
            InputRequired(_l("Enter a number of hours, from 1 to 72")),
            NumberRange(1, 72, _l("Enter a number of hours, from 1 to 72")),
        ],
    )


@bp.app_context_processor
def _alert_helpers():
    # Functions, not lists: only the pages that include the alerts partial run the queries.
    def open_alerts():
        if not current_user.is_authenticated:
            return []
        return alert_rules.open_alerts_for(current_user)

    def review_alerts(review: Review):
        if not current_user.is_authenticated or not can_see(current_user, review.child):
            return []
        return alert_rules.alerts_for_review(review)

    return {
        "open_alerts": open_alerts,
        "review_alerts": review_alerts,
        "acknowledge_form": AcknowledgeForm,
    }


def _alert_or_404(alert_id: int) -> Alert:
    alert = db.session.execute(
        db.select(Alert)
        .filter_by(id=alert_id)
        .options(
            selectinload(Alert.invitation)
            .selectinload(Invitation.review)
            .selectinload(Review.child),
            selectinload(Alert.acknowledged_by),
        )
    ).scalar_one_or_none()
    # Another IRO's alert is "not found": that a child of theirs is at risk is not theirs to know.
    if alert is None or not can_see(current_user, alert.invitation.review.child):
        abort(404)
    return alert


def _managers_only() -> None:
    if not current_user.is_manager:
        abort(403)


@bp.route("/alerts/<int:alert_id>", methods=["GET", "POST"])
@login_required
def alert(alert_id: int):
    """One alert: what it is about, and the form to record what was done."""
    alert = _alert_or_404(alert_id)
    form = AcknowledgeForm()
    if form.is_submitted():
        if not alert.is_open:
            flash(_("Someone has already recorded what they did about this alert."), "info")
            return redirect(url_for("staff.alert", alert_id=alert.id), 303)
        if form.validate():
            alert_rules.acknowledge(alert, current_user, form.action_taken.data)
            db.session.commit()
            flash(
                _("Thank you. The alert is acknowledged and what you did is recorded."), "success"
            )
            if form.back.data == "review":
                return redirect(url_for("staff.review", review_id=alert.invitation.review_id), 303)
            return redirect(url_for("staff.caseload"), 303)
        status = 400
    else:
        form.back.data = "review"
        status = 200
    review = alert.invitation.review
    return render_template(
        "staff/alerts_acknowledge.html", alert=alert, review=review, form=form
    ), status


@bp.route("/alerts/settings", methods=["GET", "POST"])
@login_required
def alert_settings():
    """Managers choose the duty inbox that every alert goes to, and when alerts escalate."""
    _managers_only()
    form = AlertSettingsForm(
        data={
            "duty_inbox": alert_rules.duty_inbox() or "",
            "escalation_hours": alert_rules.escalation_hours(),
        }
    )
    if form.is_submitted():
        if form.validate():
            alert_rules.set_setting(alert_rules.DUTY_INBOX, (form.duty_inbox.data or "").strip())
            alert_rules.set_setting(alert_rules.ESCALATION_HOURS, str(form.escalation_hours.data))
            db.session.commit()
            flash(_("The alert settings are saved."), "success")
            return redirect(url_for("staff.alert_settings"), 303)
        return render_template("staff/alerts_settings.html", form=form), 400
    return render_template("staff/alerts_settings.html", form=form)


@bp.app_template_filter("masked_address")
def masked_address(address: str) -> str:
    return masked(address)


@bp.route("/outbox")
@login_required
def outbox():
    """The messages the app has sent or tried to send, newest first (to check delivery)."""
    _managers_only()
    messages = db.session.scalars(
        db.select(OutboxMessage)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(OUTBOX_SHOWN)
    ).all()
    return render_template("staff/alerts_outbox.html", messages=messages, shown=OUTBOX_SHOWN)
