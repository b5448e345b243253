"""Reading before the meeting: the review-menu checklist, faces over time, the child's drawings
and recordings, and the record PDF."""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, render_template
from flask_babel import get_locale
from flask_login import current_user, login_required

from app.domain.media import store
from app.domain.messages.letters import html_to_pdf
from app.domain.reading.history import (
    faces_over_time,
    menu_invitation,
    record_booklets,
    review_menu,
)
from app.domain.reading.summary import reading_summary
from app.domain.reviews.access import can_see_private, invitation_or_404, review_or_404
from app.models import Answer, Review
from app.staff.blueprint import bp

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "answers_pdf.css"


def review_checklist(review: Review) -> list:
    """The review-menu lines from the child's newest sent booklet for ``review``."""
    invitation = menu_invitation(review)
    return review_menu(invitation) if invitation else []


def faces_history(review: Review):
    # Up to this review's date: an older review's page shows the past as it stood then.
    return faces_over_time(review.child, until=review.review_date)


@bp.context_processor
def _reading_context():
    return {
        "review_checklist": review_checklist,
        "faces_history": faces_history,
        "reading_summary": reading_summary,
        "has_sent_child_booklet": lambda review: any(
            i.respondent == "child" and i.submitted_at for i in review.invitations
        ),
    }


@bp.route("/reviews/<int:review_id>/invitations/<int:invitation_id>/media/<question_key>/<media>")
@login_required
def answer_media(review_id: int, invitation_id: int, question_key: str, media: str):
    """A child's drawing or voice recording, for staff who may read that child's answers."""
    review = review_or_404(review_id, current_user)
    invitation = invitation_or_404(review, invitation_id)
    row = store.find(invitation.id, question_key, media) if media in store.KINDS else None
    if row is None:
        abort(404)
    answer = next((a for a in invitation.answers if a.question_key == question_key), None)
    if (
        isinstance(answer, Answer)
        and answer.only_iro
        and not can_see_private(current_user, review.child)
    ):
        # Kept for the child's IRO alone: for anyone else it is not there.
        abort(404)
    return store.as_response(row)


def render_answers_pdf(review: Review) -> bytes:
    html = render_template(
        "staff/answers_pdf.html",
        review=review,
        child=review.child,
        booklets=record_booklets(review),
        checklist=review_checklist(review),
        lang=str(get_locale() or "en"),
    )
    return html_to_pdf(html, STYLESHEET)


@bp.route("/reviews/<int:review_id>/answers.pdf")
@login_required
def answers_pdf(review_id: int):
    """The child's sent answers for the review record, as a PDF without any only-IRO answer."""
    review = review_or_404(review_id, current_user)
    return Response(
        render_answers_pdf(review),
        mimetype="application/pdf",
        headers={
            # No name in the file name: downloads folders and print queues are not private.
            "Content-Disposition": f'attachment; filename="my-say-answers-{review.id}.pdf"',
            "Cache-Control": "no-store",
        },
    )
