"""The IRO confirms, removes or adds themes on a child's free-text answers, on the review page:
one form for every answer of the review, saved at once."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import _, ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.domain.reviews.access import can_see_private, review_or_404
from app.domain.reviews.caseload import ordered
from app.domain.themes.answers import AnswerThemes, decide, themes_of
from app.domain.themes.engine import THEMES
from app.extensions import db
from app.models import Review
from app.staff.blueprint import bp
from app.staff.forms import ThemesForm
from app.staff.routes import render_review

STATUS_LABELS = {
    "suggested": _l("suggested"),
    "confirmed": _l("confirmed"),
    "removed": _l("removed"),
}


def themes_to_decide(review: Review) -> list[tuple[object, list[AnswerThemes]]]:
    """Each booklet of ``review`` with its themed answers, in the order the page lists them."""
    found = []
    for invitation in ordered(review.invitations):
        items = themes_of(invitation)
        if items:
            found.append((invitation, items))
    return found


def _decidable(review: Review) -> list[AnswerThemes]:
    # Words the child kept for their IRO are not anyone else's to read, or to theme.
    private_ok = can_see_private(current_user, review.child)
    return [
        item
        for _invitation, items in themes_to_decide(review)
        for item in items
        if private_ok or not item.only_iro
    ]


def themes_form(review: Review) -> ThemesForm:
    """The empty form (not bound to a post) for every answer the current user may theme."""
    return ThemesForm.for_answers([i.answer.id for i in _decidable(review)], formdata=None)


@bp.context_processor
def _themes_context():
    return {
        "answer_themes": themes_of,
        "review_themes": themes_to_decide,
        "themes_form": themes_form,
        "theme_labels": THEMES,
        "theme_status_labels": STATUS_LABELS,
    }


@bp.route("/reviews/<int:review_id>/themes", methods=["POST"])
@login_required
def review_themes(review_id: int):
    """Save the IRO's themes for every answer the page showed: ticked confirmed, others removed."""
    review = review_or_404(review_id, current_user)
    items = _decidable(review)
    form = ThemesForm.for_answers([item.answer.id for item in items])
    if not form.validate_on_submit():
        flash(_("Choose themes from the lists shown, then save them again."), "error")
        return render_review(review, status=400)
    shown = form.shown_ids()
    saved = 0
    for item in items:
        if item.answer.id in shown:
            decide(item.answer, form.chosen(item.answer.id), current_user)
            saved += 1
    db.session.commit()
    flash(
        ngettext("Themes saved for %(num)d answer.", "Themes saved for %(num)d answers.", saved),
        "success",
    )
    return redirect(url_for("staff.review", review_id=review.id, _anchor="themes"), 303)
