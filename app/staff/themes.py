"""The IRO confirms, removes or adds themes on a child's free-text answers, on the review page."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.domain.reviews.access import can_see_private, review_or_404
from app.domain.themes.answers import answer_text, decide, themes_of, urgent_of
from app.domain.themes.engine import THEMES
from app.extensions import db
from app.models import Answer
from app.staff.blueprint import bp
from app.staff.forms import ThemesForm
from app.staff.routes import render_review

STATUS_LABELS = {
    "suggested": _l("suggested"),
    "confirmed": _l("confirmed"),
    "removed": _l("removed"),
}


@bp.context_processor
def _themes_context():
    return {
        "answer_themes": themes_of,
        "urgent_reasons": urgent_of,
        "theme_labels": THEMES,
        "theme_status_labels": STATUS_LABELS,
    }


@bp.route("/reviews/<int:review_id>/answers/<int:answer_id>/themes", methods=["POST"])
@login_required
def answer_themes(review_id: int, answer_id: int):
    """Save the IRO's themes for one answer: ticked ones confirmed, the others removed."""
    review = review_or_404(review_id, current_user)
    answer = next(
        (a for i in review.invitations for a in i.answers if a.id == answer_id),
        None,
    )
    # Words the child kept for their IRO are not anyone else's to read, or to theme.
    if answer is None or (answer.only_iro and not can_see_private(current_user, review.child)):
        abort(404)
    if answer_text(answer) is None and not answer.themes:
        abort(404)
    form = ThemesForm()
    if not form.validate_on_submit():
        flash(_("Choose themes from the list shown, then save them again."), "error")
        return render_review(review, status=400)
    decide(answer, set(form.themes.data or []), current_user)
    db.session.commit()
    flash(_("Themes saved for “%(question)s”.", question=_label(answer)), "success")
    return redirect(url_for("staff.review", review_id=review.id, _anchor=f"themes-{answer.id}"))


def _label(answer: Answer) -> str:
    found = next((t for t in themes_of(answer.invitation) if t.answer.id == answer.id), None)
    return found.label if found else answer.question_key
