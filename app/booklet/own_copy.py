"""What a child keeps after sending: a copy of their own answers, and the "You said, we did"
letter once their IRO has written it, both from their own link or code.

A phone is often shared, so the right to these lasts only a while after the link was opened or
the answers were sent; after that the child opens their link again.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, render_template
from flask_babel import format_date

from app.booklet.access import booklet_for, letter_for, own_invitation, problem
from app.booklet.answers import answered_pages
from app.booklet.blueprint import bp
from app.domain.booklets.i18n import use_language
from app.domain.booklets.plain import mentions_advocate
from app.domain.messages.letters import html_to_pdf, you_said_body
from app.domain.reviews.outcome import child_locale

ANSWERS_STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "answers_pdf.css"


@bp.app_template_global()
def own_copies() -> dict:
    """What the sent page offers this browser: the child's copy and the letter, when allowed."""
    invitation = own_invitation()
    if invitation is None:
        return {"answers": False, "letter": False}
    return {"answers": invitation.submitted_at is not None, "letter": letter_for(invitation)}


def _pdf(data: bytes, name: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        # No name in the file name, and nothing kept: the phone may not be the child's alone.
        headers={
            "Content-Disposition": f'attachment; filename="{name}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/my-say/my-answers.pdf")
def my_answers_pdf():
    """The child's copy of what they sent, every answer, in the booklet's language."""
    invitation = own_invitation()
    if invitation is None or invitation.submitted_at is None:
        return problem("no_session", 403)
    use_language(invitation.language)
    booklet = booklet_for(invitation)
    html = render_template(
        "booklet/my_answers_pdf.html",
        lang=invitation.language,
        title=booklet.title,
        sent=format_date(invitation.submitted_at, "d MMMM y"),
        pages=answered_pages(invitation, booklet),
        invitation_id=invitation.id,
        explain_advocate=mentions_advocate(booklet.pages),
    )
    return _pdf(html_to_pdf(html, ANSWERS_STYLESHEET), "my-answers")


def _letter_or_problem():
    invitation = own_invitation()
    if invitation is None or not letter_for(invitation):
        return None, problem("no_session", 403)
    use_language(invitation.language)
    review = invitation.review
    # Signed by the child's IRO, as on the IRO's own copy; by whoever wrote it when none is named.
    return invitation, you_said_body(review, review.child.iro or review.outcome_recorded_by)


@bp.route("/my-say/you-said")
def you_said():
    """The "You said, we did" letter from the child's IRO, on the child's own link."""
    invitation, body = _letter_or_problem()
    if invitation is None:
        return body
    return render_template("booklet/you_said.html", body=body)


@bp.route("/my-say/you-said.pdf")
def you_said_pdf():
    """The same letter as a PDF to keep."""
    invitation, body = _letter_or_problem()
    if invitation is None:
        return body
    html = render_template(
        "staff/you_said_pdf.html", body=body, lang=child_locale(invitation.review.child)
    )
    return _pdf(html_to_pdf(html), "you-said")
