"""After the review: record its outcome, send the "How was my review?" booklet, and write the
"You said, we did" letter to the child in their language."""

from __future__ import annotations

import secrets

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import _
from flask_login import current_user, login_required
from markupsafe import Markup

from app.domain.booklets.definitions import AFTER_SLUG, latest_version
from app.domain.invitations import links as invitations
from app.domain.messages.letters import html_to_pdf, you_said_body, you_said_ready
from app.domain.reviews import outcome
from app.domain.reviews.access import review_or_404
from app.domain.reviews.participation import PN_CODES
from app.domain.translations import is_rtl
from app.extensions import db
from app.models import Review
from app.staff.blueprint import bp
from app.staff.forms import AfterBookletForm, OutcomeForm
from app.staff.invite import invitation_page, made_before, remember_made, shown_already

# Its own respondent, so that sending it never stops the child's pre-review link (see create()).
AFTER_RESPONDENT = "child-after"


def _render_form(review: Review, form: OutcomeForm, status=200):
    suggested, reason = outcome.suggest_code(review, form.took_part.data or review.took_part)
    return render_template(
        "staff/outcome.html",
        review=review,
        child=review.child,
        form=form,
        problems=form.problems(),
        suggested=suggested,
        reason=reason,
        wording=PN_CODES,
        too_early=outcome.too_early(review),
    ), status


@bp.route("/reviews/<int:review_id>/outcome", methods=["GET", "POST"])
@login_required
def outcome_form(review_id: int):
    """Record how the child took part, the code, venue, chair, and what was decided."""
    review = review_or_404(review_id, current_user)
    if request.method == "GET":
        return _render_form(review, OutcomeForm.starting_from(review))
    form = OutcomeForm(review=review)
    if not form.validate_on_submit():
        return _render_form(review, form, status=400)
    outcome.record(review, form.to_outcome(), by=current_user)
    db.session.commit()
    flash(_("The outcome of the review is saved."), "success")
    return redirect(url_for("staff.review", review_id=review.id, _anchor="outcome"), 303)


@bp.route("/reviews/<int:review_id>/after-booklet", methods=["POST"])
@login_required
def send_after_booklet(review_id: int):
    """Make the child's link to the "How was my review?" booklet, and show it once."""
    review = review_or_404(review_id, current_user)
    form = AfterBookletForm()
    if not form.validate_on_submit():
        abort(400)
    if outcome.too_early(review):
        flash(outcome.too_early(review), "error")
        return redirect(url_for("staff.review", review_id=review.id, _anchor="outcome"), 303)
    version = latest_version(AFTER_SLUG)
    if version is None:
        flash(_("The “How was my review?” booklet is not published yet."), "error")
        return redirect(url_for("staff.review", review_id=review.id, _anchor="outcome"), 303)
    if made_before(form.once.data):
        return shown_already(review)
    languages = current_app.config["LANGUAGES"]
    language = review.child.language if review.child.language in languages else languages[0]
    invitation, token, code = invitations.create(
        review, version, respondent=AFTER_RESPONDENT, language=language, created_by=current_user
    )
    db.session.commit()
    remember_made(form.once.data)
    return invitation_page(review, invitation, token, invitations.format_code(code))


def _letter_body(review: Review) -> Markup:
    return you_said_body(review, review.child.iro or current_user)


@bp.route("/reviews/<int:review_id>/you-said")
@login_required
def you_said(review_id: int):
    """The "You said, we did" letter to print or download, once the outcome is recorded."""
    review = review_or_404(review_id, current_user)
    body = _letter_body(review) if you_said_ready(review) else None
    return render_template(
        "staff/you_said.html",
        review=review,
        child=review.child,
        body=body,
        too_early=outcome.too_early(review),
    )


@bp.route("/reviews/<int:review_id>/you-said.pdf")
@login_required
def you_said_pdf(review_id: int):
    """The "You said, we did" letter as an A4 PDF."""
    review = review_or_404(review_id, current_user)
    if not you_said_ready(review):
        return redirect(url_for("staff.you_said", review_id=review.id), 303)
    html = render_template(
        "staff/you_said_pdf.html",
        body=_letter_body(review),
        lang=outcome.child_locale(review.child).replace("_", "-"),
        dir="rtl" if is_rtl(outcome.child_locale(review.child)) else "ltr",
    )
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        # No name in the file name: downloads folders and print queues are not private.
        headers={"Content-Disposition": f'attachment; filename="you-said-{review.id}.pdf"'},
    )


@bp.app_template_global()
def outcome_of(review: Review) -> dict:
    """What the review page shows about the outcome, in words, and the form of its one button."""
    return {
        "recorded": review.outcome_recorded_at is not None,
        "too_early": outcome.too_early(review),
        "code_words": PN_CODES.get(review.participation_code or ""),
        "took_part": outcome.TOOK_PART_LABELS.get(review.took_part or ""),
        "venue": outcome.VENUE_LABELS.get(review.venue or ""),
        "chaired_by": outcome.CHAIRS.get(review.chaired_by or ""),
        "advocate": {True: _("Yes"), False: _("No")}.get(review.advocate_attended),
        "decisions": review.decisions or [],
        "after_ready": latest_version(AFTER_SLUG) is not None,
        "after_form": AfterBookletForm(formdata=None, data={"once": secrets.token_urlsafe(12)}),
        "after_sent": [i for i in review.invitations if i.respondent == AFTER_RESPONDENT],
    }
