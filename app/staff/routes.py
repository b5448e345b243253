"""The IRO's caseload, one review's page, and making, stopping and reading its invitations."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _, format_date, format_datetime
from flask_login import current_user, login_required

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitation_links
from app.domain.reading.answers import read_invitation
from app.domain.reviews.access import (
    can_see_private,
    invitation_or_404,
    may_mark_read,
    review_or_404,
)
from app.domain.reviews.caseload import (
    FILTERS,
    STATE_LABELS,
    caseload_page,
    ordered,
    state_of,
    unread_invitations,
)
from app.extensions import db
from app.models import Review, utcnow
from app.staff.blueprint import bp
from app.staff.forms import ActionForm, InvitationForm
from app.staff.invite import (
    invitation_form,
    invitation_page,
    made_before,
    published_booklets,
    remember_made,
    respondent_of,
    shown_already,
)


@bp.app_template_filter("staff_date")
def staff_date(day):
    return format_date(day, "d MMMM yyyy") if day else ""


@bp.app_template_filter("staff_datetime")
def staff_datetime(moment):
    return format_datetime(moment, "d MMM yyyy, HH:mm") if moment else ""


@bp.context_processor
def _state_labels():
    return {"state_labels": STATE_LABELS}


@bp.route("/")
@login_required
def caseload():
    """The IRO's children, their reviews' due dates and booklets, filtered by ``show``."""
    show = request.args.get("show", "all")
    if show not in FILTERS:
        abort(400)
    return render_template(
        "staff/caseload.html",
        **caseload_page(current_user, show),
        unread=unread_invitations(current_user),
        all_children=current_user.is_manager,
    )


def _invitation_form(review: Review, published) -> tuple[InvitationForm, list[str]]:
    """The form to make an invitation (bound to the posted data, if any) and notes about it."""
    respondent = request.form.get("respondent") or request.args.get("respondent", "child")
    return invitation_form(review, published, respondent)


def render_review(review: Review, form=None, notes=None, status=200):
    child = review.child
    published = published_booklets()
    if form is None:
        form, notes = _invitation_form(review, published)
    invitations = ordered(review.invitations)
    with_answers = [i for i in invitations if i.answers or i.submitted_at]
    # Sent booklets first, newest first; then ones still being filled in.
    with_answers.sort(
        key=lambda i: (i.submitted_at is None, -(i.submitted_at or i.created_at).timestamp())
    )
    today = date.today()
    return render_template(
        "staff/review.html",
        review=review,
        child=child,
        age_now=child.age_on(today),
        age_at_review=child.age_on(review.review_date),
        invitations=invitations,
        states={i.id: state_of(i) for i in invitations},
        live={i.id: invitation_links.is_usable(i, today) for i in invitations},
        readings=[(i, read_invitation(i)) for i in with_answers],
        private_ok=can_see_private(current_user, child),
        may_mark_read=may_mark_read(current_user, child),
        form=form,
        notes=notes or [],
        has_booklets=bool(published),
        action_form=ActionForm(),
    ), status


@bp.route("/reviews/<int:review_id>")
@login_required
def review(review_id: int):
    """One review: the child, the invitations, and what the child said."""
    return render_review(review_or_404(review_id, current_user))


@bp.route("/reviews/<int:review_id>/invitations", methods=["POST"])
@login_required
def create_invitation(review_id: int):
    """Make a new link and short code for the review, and show them once."""
    review = review_or_404(review_id, current_user)
    published = published_booklets()
    form, notes = _invitation_form(review, published)
    if not published or not form.validate_on_submit():
        return render_review(review, form, notes, status=400)
    if made_before(form.once.data):
        return shown_already(review)
    version = latest_version(form.booklet.data)
    invitation, token, code = invitation_links.create(
        review,
        version,
        respondent=respondent_of(version),
        language=form.language.data,
        created_by=current_user,
    )
    db.session.commit()
    remember_made(form.once.data)
    return invitation_page(review, invitation, token, invitation_links.format_code(code))


@bp.route("/reviews/<int:review_id>/invitations/<int:invitation_id>/stop", methods=["POST"])
@login_required
def revoke_invitation(review_id: int, invitation_id: int):
    """Stop a link (and its short code) from working, for example when a letter went astray."""
    review = review_or_404(review_id, current_user)
    invitation = invitation_or_404(review, invitation_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.commit()
    flash(_("That link and its code no longer work. Nothing already answered is lost."), "success")
    return redirect(url_for("staff.review", review_id=review.id))


@bp.route("/reviews/<int:review_id>/invitations/<int:invitation_id>/read", methods=["POST"])
@login_required
def mark_read(review_id: int, invitation_id: int):
    """Mark a sent booklet as read, so that it leaves the list of answers waiting."""
    review = review_or_404(review_id, current_user)
    invitation = invitation_or_404(review, invitation_id)
    if not may_mark_read(current_user, review.child):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    if invitation.read_at is None:
        invitation.read_at = utcnow()
        db.session.commit()
    flash(_("Marked as read."), "success")
    return redirect(url_for("staff.review", review_id=review.id, _anchor="answers"))
