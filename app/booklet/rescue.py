"""Words a child typed are kept even when this browser no longer knows whose booklet it is.

The cookie can be lost (a phone that clears its browser, a private tab that closed), a second
tab can have opened another child's link on a shared phone since the page was shown, or the
page's form token can have gone with the cookie. Each page's form therefore carries a signed,
dated note of which invitation it belongs to. A page posted without a matching session is saved
into that invitation (never into whichever booklet the browser now holds), and the child is
told, in their words, to open their link or type their code again: their words come back there.

The note lets whoever has the page's HTML add answers to that booklet, as the page itself
did; it reads nothing, and it stops working with the link or after RESUME_DAYS.
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, render_template, request
from itsdangerous import BadData, TimedSerializer, URLSafeTimedSerializer

from app.booklet.access import booklet_for, current_invitation, problem
from app.booklet.answers import save_fields
from app.booklet.blueprint import bp
from app.booklet.forms import read_page
from app.domain.invitations.links import is_usable
from app.extensions import db
from app.models import Invitation

FIELD = "resume"
RESUME_DAYS = 7


def _serializers() -> tuple[TimedSerializer, URLSafeTimedSerializer]:
    """The note's signer, and the one notes were signed with before (still read).

    The note sits in a form field, not a URL, so it needs no URL-safe form: that form zlib-compresses
    every note, half the cost of signing one on every page drawn. Notes already on children's open
    pages (valid for a week) were made URL-safe, so those are still read. Made once per app and
    secret key: making them was a fifth of the signing."""
    secret = current_app.config["SECRET_KEY"]
    made = current_app.extensions.get("mysay_resume_serializers")
    if made is None or made[0] != secret:
        made = (
            secret,
            (
                TimedSerializer(secret, salt="my-say-booklet-page"),
                URLSafeTimedSerializer(secret, salt="my-say-booklet-page"),
            ),
        )
        current_app.extensions["mysay_resume_serializers"] = made
    return made[1]


@bp.app_template_global()
def booklet_resume_note() -> str:
    invitation = current_invitation()
    return _serializers()[0].dumps(invitation.id) if invitation else ""


def _note_invitation_id(note: str) -> object:
    for serializer in _serializers():
        try:
            return serializer.loads(note, max_age=RESUME_DAYS * 24 * 3600)
        except BadData:
            continue
    return None


def posted_invitation() -> Invitation | None:
    """The live invitation the posted page belongs to, from its signed note, or None."""
    note = request.form.get(FIELD, "")
    if not note or len(note) > 200:
        return None
    invitation_id = _note_invitation_id(note)
    invitation = (
        db.session.get(Invitation, invitation_id) if isinstance(invitation_id, int) else None
    )
    if invitation is None or invitation.submitted_at or not is_usable(invitation):
        return None
    return invitation


def needs_rescue(current: Invitation | None) -> Invitation | None:
    """For a posted booklet page: the invitation to save into, when the session does not match."""
    if request.method != "POST" or request.endpoint != "booklet.page":
        return None
    posted = posted_invitation()
    if posted is None or (current is not None and current.id == posted.id):
        return None
    return posted


def save_and_send_back(invitation: Invitation, number: int):
    """Save what is right on the page into its own booklet; tell the child how to go on."""
    booklet = booklet_for(invitation)
    if not 1 <= number <= len(booklet.pages):
        return problem("no_page", 404)
    urgent = save_fields(invitation, read_page(booklet.pages[number - 1], request.form))
    invitation.last_page = number
    db.session.commit()
    if urgent:
        # What to do right now comes first; the words are saved all the same.
        return render_template("booklet/urgent.html", carry_on=None)
    return problem("saved_open_again", 200)


def keeps_words(view):
    """Outside ``needs_invitation``: a page posted for another booklet, or none, is saved there."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        posted = needs_rescue(current_invitation())
        if posted is not None:
            return save_and_send_back(posted, kwargs.get("number", 0))
        return view(*args, **kwargs)

    return wrapped


def rescue_after_csrf_error():
    """A booklet page whose form token went with the cookie: save it if its note is good."""
    invitation = needs_rescue(None)
    if invitation is None:
        return None
    return save_and_send_back(invitation, request.view_args.get("number", 0))
