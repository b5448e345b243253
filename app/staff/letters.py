"""The printable invitation letter as a PDF, made from the page that shows a new link once."""

from flask import Response, abort, render_template
from flask_login import current_user, login_required

from app.domain.invitations import links as invitations
from app.domain.messages.letters import invitation_letter_pdf
from app.domain.reviews.access import review_or_404
from app.staff.blueprint import bp
from app.staff.forms import LetterForm


@bp.route("/reviews/<int:review_id>/letter.pdf", methods=["POST"])
@login_required
def letter_pdf(review_id: int):
    """The invitation letter for a link and code just made, as an A4 PDF to print or post."""
    review = review_or_404(review_id, current_user)
    form = LetterForm()
    if not form.validate_on_submit():
        abort(400)
    invitation = invitations.of_review(review, form.token.data, form.code.data)
    if invitation is None:
        abort(404)
    if not invitations.is_usable(invitation):
        return render_template("staff/letter_gone.html", review=review), 410
    pdf = invitation_letter_pdf(
        invitation, form.token.data, form.code.data, iro=review.child.iro or current_user
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        # No name in the file name: downloads folders and print queues are not private.
        headers={"Content-Disposition": f'attachment; filename="my-say-letter-{review.id}.pdf"'},
    )
