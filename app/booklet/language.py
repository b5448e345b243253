"""The language switch: a child, parent or carer reads their booklet in the language they choose.

The choice is kept on the invitation, so it follows the link to any phone (a cookie would not);
answers already given stay as they were written.
"""

from flask import current_app, g, redirect, request, session, url_for
from flask_babel import get_locale

from app.booklet.access import needs_invitation
from app.booklet.blueprint import bp
from app.domain.booklets.i18n import LANGUAGE_KEY, use_language
from app.domain.translations import display_name
from app.extensions import db
from app.models import Invitation


def choose_language(invitation: Invitation, code: str | None) -> None:
    """Keep a language the service offers on the invitation, and show this request in it."""
    if code in current_app.config["LANGUAGES"] and code != invitation.language:
        invitation.language = code
        db.session.commit()
    use_language(invitation.language)


def keep_language(invitation: Invitation) -> None:
    """After the session is cleared (sent, or "come back later"), the goodbye page is still in
    the child's language: only the language is kept, which says nothing about whose booklet."""
    session[LANGUAGE_KEY] = invitation.language


@bp.route("/my-say/language", methods=["POST"])
@needs_invitation
def language(invitation: Invitation):
    """The switch on the welcome page (question pages send it with their own form, to save first)."""
    choose_language(invitation, request.form.get("language"))
    back = request.form.get("next") or ""
    # Only back into the booklet: never a redirect to anywhere a posted field says.
    if not back.startswith("/my-say") or "//" in back or "\\" in back:
        back = url_for("booklet.welcome")
    return redirect(back)


@bp.app_context_processor
def language_switch() -> dict:
    """Every offered language, named in its own script, for a booklet page with an invitation."""
    if not g.get("booklet_language_switch"):
        return {}
    current = str(get_locale() or "en")
    offered = tuple(current_app.config["LANGUAGES"])
    # The same list for every page in one language: made once, not on each page drawn.
    switch = _SWITCHES.get((current, offered))
    if switch is None:
        switch = _SWITCHES[current, offered] = [
            (code, display_name(code), code == current) for code in offered
        ]
    return {"language_switch": switch}


_SWITCHES: dict[tuple, list] = {}
