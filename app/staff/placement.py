"""A placement move recorded from the child's review page, by their IRO or a manager."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import _
from flask_login import current_user, login_required

from app.domain.reviews.access import review_or_404
from app.domain.reviews.moves import PLACEMENT_TYPES, move_placement
from app.extensions import db
from app.staff.blueprint import bp
from app.staff.forms import PlacementMoveForm


def show_problems(form, change) -> None:
    """The domain's plain-words problems, each beside its field and in the error summary."""
    for name, message in change.problems.items():
        form[name].errors = [*form[name].errors, str(message)]


def placement_saved(change) -> str:
    placement = change.child.placements[0] if change.child.placements else None
    words = _("Placement move saved") if change.created else _("Placement move corrected")
    return _(
        "%(words)s for %(name)s (%(ref)s): %(code)s from %(day)s.",
        words=words,
        name=change.child.display_name,
        ref=change.child.child_ref,
        code=placement.placement_type if placement else "",
        day=placement.starts_on.isoformat() if placement else "",
    )


@bp.route("/reviews/<int:review_id>/placement", methods=["GET", "POST"])
@login_required
def placement_move(review_id: int):
    """Record that the child has moved: the new placement's type, start date and where."""
    # Who may see the review may record the move: the child's IRO (or who covers), or a manager,
    # as for the placement contact; another IRO is told the review is not found.
    review = review_or_404(review_id, current_user)
    child = review.child
    form = PlacementMoveForm()
    del form.child_ref
    if form.validate_on_submit():
        change = move_placement(
            child.child_ref,
            form.starts_on.data,
            form.placement_type.data,
            form.location.data,
            form.contact.data,
            by=current_user,
        )
        if change.ok:
            db.session.commit()
            flash(placement_saved(change), "success")
            return redirect(url_for("staff.review", review_id=review.id, _anchor="placement"), 303)
        show_problems(form, change)
    return (
        render_template(
            "staff/placement_move.html",
            form=form,
            child=child,
            action=url_for("staff.placement_move", review_id=review.id),
            back=url_for("staff.review", review_id=review.id),
            placement_types=PLACEMENT_TYPES,
        ),
        400 if form.is_submitted() else 200,
    )
