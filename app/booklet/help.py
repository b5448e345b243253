"""I need help now: tell my IRO today, who to call, and back to the same page with nothing lost.

On a question page the "I need help now" control is a submit button of the page's own form, so
the words on the page are saved first even with JavaScript off (see ``pages.py``); the help page
then offers "Go back" to that very page. On any other page it is a link that says where to come
back to. The help page needs no booklet: someone who typed no code still sees 999 and Childline.
"""

from __future__ import annotations

from flask import render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from app.booklet.access import current_invitation, needs_invitation
from app.booklet.blueprint import bp
from app.booklet.urgent import help_contacts, show_urgent
from app.domain.invitations.links import is_usable
from app.domain.themes.flags import MESSAGE_LENGTH, ask_today
from app.extensions import db
from app.models import Invitation

# The booklet page the child came from, so that "Go back" returns there and not to the start.
BACK_KEY = "help_back"
_BOOKLET_PATHS = ("/my-say",)


class TellForm(FlaskForm):
    message = TextAreaField(
        _l("If you want, write a few words for your IRO (you do not have to)"),
        validators=[
            Length(
                max=MESSAGE_LENGTH,
                message=_l("Please use %(most)s letters or fewer.", most=MESSAGE_LENGTH),
            )
        ],
    )


def remember_back(path: str) -> None:
    """Where "Go back" leads from the help page: a booklet page of this site only."""
    if path.startswith(_BOOKLET_PATHS) and "//" not in path:
        session[BACK_KEY] = path


def _open_invitation() -> Invitation | None:
    invitation = current_invitation()
    if invitation is None or invitation.submitted_at or not is_usable(invitation):
        return None
    return invitation


def _back(invitation: Invitation | None) -> str:
    if invitation is None:
        return url_for("booklet.start")
    back = session.get(BACK_KEY)
    return back if isinstance(back, str) else url_for("booklet.welcome")


def render_help(invitation: Invitation | None, form: TellForm | None = None, keep=None, status=200):
    """The help page; ``keep`` is a page's typed words to carry back when they were not saved."""
    return render_template(
        "booklet/help.html",
        back=_back(invitation),
        keep=keep,
        form=form or TellForm(),
        can_tell=invitation is not None,
        told=bool(invitation and any(f.urgent for f in invitation.urgent_flags)),
        **help_contacts(invitation),
    ), status


@bp.route("/help")
def help():
    """I need help now: tell my IRO today, who to call, and a way back to where I was."""
    back = request.args.get("back")
    if back:
        remember_back(back)
    return render_help(_open_invitation())


@bp.route("/my-say/tell-today", methods=["POST"])
@needs_invitation
def tell_today(invitation: Invitation):
    """ "Tell my IRO today", with a few words if the child wants: the urgent alert, at once."""
    form = TellForm()
    if not form.validate_on_submit():
        return render_help(invitation, form, status=400)
    ask_today(invitation, form.message.data or "")
    db.session.commit()
    return show_urgent(invitation)


@bp.app_template_global()
def help_link() -> str:
    """The help page's address from the page being shown, so "Go back" can return to it."""
    path = request.path
    if path.startswith(_BOOKLET_PATHS):
        return url_for("booklet.help", back=path)
    return url_for("booklet.help")
