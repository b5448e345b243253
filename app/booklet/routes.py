"""Ways into a booklet (a link, a typed code) and the help page that every booklet page links to."""

from flask import render_template, url_for
from flask_babel import gettext as _

from app.booklet.access import current_invitation, enter
from app.booklet.blueprint import bp
from app.booklet.forms import CodeForm
from app.domain.invitations.links import find_by_code, find_by_token
from app.extensions import limiter


@bp.route("/", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def start():
    """Start page: type the short code from your letter."""
    form = CodeForm()
    if form.validate_on_submit():
        invitation = find_by_code(form.code.data)
        if invitation is not None:
            return enter(invitation)
        form.code.errors.append(
            _("We could not find that code. Check the letters and numbers and try again.")
        )
    return render_template("booklet/start.html", form=form), (400 if form.errors else 200)


@bp.route("/b/<token>")
def open_link(token):
    """Open a booklet from the link or QR code in the child's letter."""
    return enter(find_by_token(token))


@bp.route("/help")
def help():
    """I need help now: who to call and who to tell."""
    back = url_for("booklet.welcome") if current_invitation() else url_for("booklet.start")
    return render_template("booklet/help.html", back=back)
