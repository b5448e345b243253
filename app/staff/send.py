"""Sending a new link by email or text from the page that shows it, and reissuing lost links."""

from __future__ import annotations

from datetime import date

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.domain.booklets.definitions import TEXT_KINDS
from app.domain.invitations import links as invitations
from app.domain.messages.reminders import normalise_mobile, send_link
from app.domain.messages.urls import booklet_link
from app.domain.reviews.access import review_or_404
from app.extensions import db
from app.models import Invitation
from app.staff.blueprint import bp
from app.staff.forms import RESPONDENTS, SendForm
from app.staff.invite import invitation_page, language_name, respondent_choices


@bp.app_template_global()
def invitation_respondents(child):
    return respondent_choices(child)


@bp.app_template_global()
def may_reissue(invitation: Invitation, all_invitations: list[Invitation]) -> bool:
    """Offer "Reissue" for a link not sent back, unless a newer one for the same person is live.

    A reissued link would expire at once after the review's last day, so none is offered then.
    """
    if invitation.submitted_at is not None:
        return False
    if date.today() > invitations.expires_on(invitation):
        return False
    newer_live = any(
        other.respondent == invitation.respondent
        and other.created_at > invitation.created_at
        and other.revoked_at is None
        for other in all_invitations
    )
    return not newer_live and invitation.respondent in RESPONDENTS


@bp.route("/reviews/<int:review_id>/invitations/send", methods=["POST"])
@login_required
def send_invitation(review_id: int):
    """Send a link just made to an email address and/or a mobile number."""
    review = review_or_404(review_id, current_user)
    form = SendForm()
    if not form.token.data or not form.code.data or len(form.token.data) > 100:
        abort(400)
    invitation = invitations.of_review(review, form.token.data, form.code.data)
    if invitation is None:
        abort(404)
    if not invitations.is_usable(invitation):
        return render_template("staff/_send_gone.html", review=review), 410
    code = invitations.format_code(invitations.normalise_code(form.code.data))
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return invitation_page(review, invitation, form.token.data, code, send_form=form), 400
    child = review.child
    sent = send_link(
        invitation,
        booklet_link(form.token.data),
        iro_name=child.iro.name if child.iro else current_user.name,
        email=form.email.data or None,
        mobile=normalise_mobile(form.mobile.data) if form.mobile.data else None,
    )
    db.session.commit()
    return invitation_page(
        review, invitation, form.token.data, code, send_form=SendForm(formdata=None), sent=sent
    )


@bp.app_template_global()
def written_in(invitation: Invitation, kind: str) -> dict | None:
    """For words a child wrote in a booklet in another language: the ``lang`` to mark them with
    and the label an IRO sees; None for English, or for a choice (shown in the staff's words)."""
    language = (invitation.language or "en").replace("-", "_")
    if language.split("_")[0] == "en" or kind not in TEXT_KINDS:
        return None
    return {
        "lang": language.replace("_", "-"),
        "label": _("Written in %(language)s", language=language_name(language)),
    }
