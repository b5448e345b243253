"""The IRO's side of safety: flags beside the answers, who to ring, labels for the next training.

On the review page each answer that needs a person today shows why, beside the answer (the alert
links there); a "read today" answer is marked read; the child's placement contact and social
worker are recorded; and any answer in the child's words can be marked "should have been urgent"
or "not urgent". Managers download those marks as labelled data.
"""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, Length

from app.domain.reviews.access import acts_as_iro, can_see_private, review_or_404
from app.domain.themes import flags as flag_rules
from app.domain.themes.labels import LabelError, clear_label, csv_lines, label_answer, labelled_rows
from app.extensions import db
from app.models import Answer, Review
from app.models.alerts import Alert
from app.models.themes import FlagLevel, UrgentFlag
from app.staff.blueprint import bp
from app.staff.forms import ActionForm
from app.staff.routes import render_review

UNREADABLE_LABELS = {
    "another_language": _l("It is not in English, so the themes engine could not check it."),
    "no_words": _l("It has no words (pictures or emoji only), so it could not be checked."),
    "media": _l("It is a drawing, a photo or a recording, so it could not be checked."),
}


class ContactsForm(FlaskForm):
    placement_contact = StringField(
        _l("Placement contact"),
        description=_l("Who the child lives with or the home's manager, and a phone number."),
        validators=[Length(max=300, message=_l("Write at most 300 characters"))],
    )
    social_worker = StringField(
        _l("Social worker"),
        description=_l("Their name and a phone number."),
        validators=[Length(max=300, message=_l("Write at most 300 characters"))],
    )


class LabelForm(FlaskForm):
    label = HiddenField(validators=[AnyOf(["urgent", "not_urgent", "clear"])])


# Only the staff pages use these: a child's booklet page does not pay for them.
@bp.context_processor
def _safety_context():
    return {
        "booklet_flags": _flags_by_question,
        "alert_anchor": alert_anchor,
        "unreadable_labels": UNREADABLE_LABELS,
        "contacts_form": lambda child: ContactsForm(obj=child),
        "label_form": LabelForm,
        "answers_by_key": lambda invitation: {a.question_key: a for a in invitation.answers},
        "flag_anchor": flag_rules.answer_anchor,
        "flag_list": flag_rules.flags_of,
        "urgent_now": flag_rules.urgent_now,
    }


def _flags_by_question(invitation) -> dict[str, flag_rules.FlagView]:
    return {view.flag.question_key: view for view in flag_rules.flags_of(invitation)}


def alert_anchor(alert: Alert) -> str:
    """Where an alert opens on the review page: beside the answer that raised it."""
    invitation = alert.invitation
    urgent = [f for f in invitation.urgent_flags if f.urgent]
    # The newest flag is what raised an alert made after an earlier one was acknowledged.
    flag = max(urgent, key=lambda f: (f.updated_at or f.flagged_at, f.id), default=None)
    if flag is None:
        return "answers"
    return flag_rules.answer_anchor(invitation, flag.question_key)


def _answer_on_review(review: Review, answer_id: int) -> Answer:
    answer = next((a for i in review.invitations for a in i.answers if a.id == answer_id), None)
    # Words the child kept for their IRO are not anyone else's to read, or to judge.
    if answer is None or (answer.only_iro and not can_see_private(current_user, review.child)):
        abort(404)
    return answer


@bp.route("/reviews/<int:review_id>/flags/<int:flag_id>/read", methods=["POST"])
@login_required
def flag_read(review_id: int, flag_id: int):
    """Someone has read an answer flagged "read today"; the tag goes from the caseload."""
    review = review_or_404(review_id, current_user)
    flag = db.session.get(UrgentFlag, flag_id)
    if flag is None or flag.invitation.review_id != review.id or flag.level != FlagLevel.READ_TODAY:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if flag_rules.mark_checked(flag, current_user):
        db.session.commit()
    flash(_("Marked as read today."), "success")
    anchor = flag_rules.answer_anchor(flag.invitation, flag.question_key)
    return redirect(url_for("staff.review", review_id=review.id, _anchor=anchor), 303)


@bp.route("/reviews/<int:review_id>/answers/<int:answer_id>/label", methods=["POST"])
@login_required
def answer_label(review_id: int, answer_id: int):
    """The IRO's judgement: this answer should have been urgent, or it was not urgent."""
    review = review_or_404(review_id, current_user)
    answer = _answer_on_review(review, answer_id)
    if not acts_as_iro(current_user, review.child) and not current_user.is_manager:
        abort(403)
    form = LabelForm()
    if not form.validate_on_submit():
        abort(400)
    if form.label.data == "clear":
        clear_label(answer)
        message = _("Your mark on this answer is taken off.")
    else:
        try:
            label_answer(answer, form.label.data == "urgent", current_user)
        except LabelError:
            abort(404)
        message = (
            _("Marked: should have been urgent. It will help train the engine.")
            if form.label.data == "urgent"
            else _("Marked: not urgent. It will help train the engine.")
        )
    db.session.commit()
    flash(message, "success")
    anchor = flag_rules.answer_anchor(answer.invitation, answer.question_key)
    return redirect(url_for("staff.review", review_id=review.id, _anchor=anchor), 303)


@bp.route("/reviews/<int:review_id>/contacts", methods=["POST"])
@login_required
def child_contacts(review_id: int):
    """Record who to ring about the child: their placement contact and social worker."""
    review = review_or_404(review_id, current_user)
    child = review.child
    if not acts_as_iro(current_user, child) and not current_user.is_manager:
        abort(403)
    form = ContactsForm()
    if not form.validate_on_submit():
        flash(_("The contacts were not saved: %(why)s", why=_first_error(form)), "error")
        return render_review(review, status=400)
    child.placement_contact = (form.placement_contact.data or "").strip() or None
    child.social_worker = (form.social_worker.data or "").strip() or None
    db.session.commit()
    flash(_("Who to ring about %(name)s is saved.", name=child.display_name), "success")
    return redirect(url_for("staff.review", review_id=review.id, _anchor="who-to-ring"), 303)


def _first_error(form: FlaskForm) -> str:
    return next((e for errors in form.errors.values() for e in errors), "")


@bp.route("/labels.csv")
@login_required
def labels_csv():
    """Managers: the IROs' urgent and not-urgent marks, as labelled data for the next training."""
    if not current_user.is_manager:
        abort(403)
    export = labelled_rows()
    name = f"urgent-labels-{date.today().isoformat()}.csv"
    return Response(
        csv_lines(export.rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
