"""Ways into a booklet: a link, or a typed code. The help page is in ``help.py``."""

from flask import render_template
from flask_babel import gettext as _

from app.booklet.access import enter
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
