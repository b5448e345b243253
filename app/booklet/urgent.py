"""When a child may be at risk of harm now: "I want my IRO to know today", and what to do now.

The calm page is shown once after an urgent answer is saved or the child asks for their IRO to
know today. It needs no invitation, so that it can follow "Save and come back later" too, but it
is only shown to a browser that has just done one of those two things.
"""

from __future__ import annotations

from flask import redirect, render_template, session, url_for

from app.booklet.access import current_invitation, needs_invitation, problem, resume_url
from app.booklet.blueprint import bp
from app.booklet.forms import SendForm
from app.domain.invitations.links import is_usable
from app.domain.themes.answers import ask_today
from app.extensions import db
from app.models import Invitation

# An urgent answer saved on a page that also had a mistake: shown after the mistake is fixed.
PENDING_KEY = "urgent_pending"
# The invitation this browser has just marked urgent, so the calm page may be shown.
SHOWN_KEY = "urgent_shown"


def urgent_pending(invitation: Invitation, urgent: bool) -> bool:
    """Whether the calm page is due now; remembers it for later when it is not shown yet."""
    return urgent or session.get(PENDING_KEY) == invitation.id


def remember_urgent(invitation: Invitation) -> None:
    session[PENDING_KEY] = invitation.id


def show_urgent(invitation: Invitation):
    """Go to the calm page (call after any ``session.clear()``)."""
    session.pop(PENDING_KEY, None)
    session[SHOWN_KEY] = invitation.id
    return redirect(url_for("booklet.urgent"))


@bp.app_template_global()
def asked_today() -> bool:
    """Whether the child in this browser already asked for their IRO to know today."""
    invitation = current_invitation()
    return bool(invitation and any(f.asked for f in invitation.urgent_flags))


@bp.route("/my-say/know-today", methods=["POST"])
@needs_invitation
def know_today(invitation: Invitation):
    """The child wants their IRO to know today that something is worrying them."""
    if not SendForm().validate_on_submit():
        return problem("no_session", 400)
    ask_today(invitation)
    db.session.commit()
    return show_urgent(invitation)


@bp.route("/my-say/told-today")
def urgent():
    """Thank you for telling us: your IRO will be told today, and what to do right now."""
    shown = session.get(SHOWN_KEY)
    if not isinstance(shown, int):
        return redirect(url_for("booklet.help"))
    invitation = current_invitation()
    carry_on = None
    if (
        invitation is not None
        and invitation.id == shown
        and invitation.submitted_at is None
        and is_usable(invitation)
    ):
        carry_on = resume_url(invitation)
    return render_template("booklet/urgent.html", carry_on=carry_on)
