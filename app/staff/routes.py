from datetime import date

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import _, format_date, format_datetime
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitation_links
from app.domain.reading.answers import read_invitation
from app.extensions import db
from app.models import Child, Invitation, Review, utcnow
from app.staff import bp
from app.staff.caseload import (
    FILTERS,
    STATE_LABELS,
    acts_as_iro,
    can_see,
    can_see_private,
    caseload_page,
    ordered,
    state_of,
    unread_invitations,
)
from app.staff.forms import ActionForm, InvitationForm
from app.staff.invite import (
    invitation_form,
    invitation_page,
    published_booklets,
    respondent_of,
)

# The forms already used to make an invitation in this browser (see InvitationForm.once).
MADE_KEY = "invitation_forms_used"


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


def _review_or_404(review_id: int) -> Review:
    # Another IRO's review is "not found", not "forbidden": its existence is not theirs to know.
    review = db.session.execute(
        db.select(Review)
        .filter_by(id=review_id)
        .options(
            selectinload(Review.child).selectinload(Child.team),
            selectinload(Review.child).selectinload(Child.iro),
            selectinload(Review.team),
            selectinload(Review.invitations).selectinload(Invitation.answers),
            selectinload(Review.invitations).selectinload(Invitation.booklet_version),
        )
    ).scalar_one_or_none()
    if review is None or not can_see(current_user, review.child):
        abort(404)
    return review


def _invitation_form(review: Review, published) -> tuple[InvitationForm, list[str]]:
    """The form to make an invitation (bound to the posted data, if any) and notes about it."""
    respondent = request.form.get("respondent") or request.args.get("respondent", "child")
    return invitation_form(review, published, respondent)


def _render_review(review: Review, form=None, notes=None, status=200):
    child = review.child
    published = published_booklets()
    if form is None:
        form, notes = _invitation_form(review, published)
    invitations = ordered(review.invitations)
    # A booklet flagged before any answer (the child asked for their IRO today) is shown too.
    with_answers = [i for i in invitations if i.answers or i.submitted_at or i.urgent_flags]
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
        may_mark_read=_may_mark_read(child),
        form=form,
        notes=notes or [],
        has_booklets=bool(published),
        action_form=ActionForm(),
    ), status


def _may_mark_read(child: Child) -> bool:
    # "Read" tells the child's IRO (or whoever covers for them) what is left to read, so a manager
    # only looking must not clear it.
    if acts_as_iro(current_user, child):
        return True
    return child.iro_id is None and current_user.is_manager


@bp.route("/reviews/<int:review_id>")
@login_required
def review(review_id: int):
    """One review: the child, the invitations, and what the child said."""
    return _render_review(_review_or_404(review_id))


@bp.route("/reviews/<int:review_id>/invitations", methods=["POST"])
@login_required
def create_invitation(review_id: int):
    """Make a new link and short code for the review, and show them once."""
    review = _review_or_404(review_id)
    published = published_booklets()
    form, notes = _invitation_form(review, published)
    if not published or not form.validate_on_submit():
        return _render_review(review, form, notes, status=400)
    made = session.get(MADE_KEY, [])
    if form.once.data and form.once.data in made:
        flash(
            _(
                "That invitation was made already and its code was shown then. "
                "If the code is lost, make a new invitation."
            ),
            "info",
        )
        return redirect(url_for("staff.review", review_id=review.id), 303)
    version = latest_version(form.booklet.data)
    invitation, token, code = invitation_links.create(
        review,
        version,
        respondent=respondent_of(version),
        language=form.language.data,
        created_by=current_user,
    )
    db.session.commit()
    if form.once.data:
        session[MADE_KEY] = (made + [form.once.data])[-20:]
    return invitation_page(review, invitation, token, invitation_links.format_code(code))


def _invitation_or_404(review: Review, invitation_id: int) -> Invitation:
    invitation = next((i for i in review.invitations if i.id == invitation_id), None)
    if invitation is None:
        abort(404)
    return invitation


@bp.route("/reviews/<int:review_id>/invitations/<int:invitation_id>/stop", methods=["POST"])
@login_required
def revoke_invitation(review_id: int, invitation_id: int):
    """Stop a link (and its short code) from working, for example when a letter went astray."""
    review = _review_or_404(review_id)
    invitation = _invitation_or_404(review, invitation_id)
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
    review = _review_or_404(review_id)
    invitation = _invitation_or_404(review, invitation_id)
    if not _may_mark_read(review.child):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    if invitation.read_at is None:
        invitation.read_at = utcnow()
        db.session.commit()
    flash(_("Marked as read."), "success")
    return redirect(url_for("staff.review", review_id=review.id, _anchor="answers"))
