"""Alerts on the dashboard and review page, acknowledging them, and the managers' settings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import _
from flask_login import current_user, login_required

from app.domain.messages import alerts as alert_rules
from app.domain.privacy.outbox import masked
from app.domain.reviews.access import can_see
from app.extensions import db
from app.models import Review
from app.models.alerts import OutboxMessage
from app.staff.blueprint import bp
from app.staff.forms import AcknowledgeForm, AlertSettingsForm

OUTBOX_SHOWN = 200


# Only the staff pages use these: a child's booklet page does not pay for them.
@bp.context_processor
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


def _managers_only() -> None:
    if not current_user.is_manager:
        abort(403)


@bp.route("/alerts/<int:alert_id>", methods=["GET", "POST"])
@login_required
def alert(alert_id: int):
    """One alert: what it is about, and the form to record what was done."""
    alert = alert_rules.alert_or_404(alert_id, current_user)
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
