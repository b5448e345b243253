"""A member of staff's own details: the name, phone and photo a child's letter shows, and the
password. Each person changes only their own; nobody else's details are reachable from here."""

from flask import flash, redirect, render_template, url_for
from flask_babel import _
from flask_login import current_user, login_required

from app.auth.blueprint import bp
from app.auth.forms import DetailsForm, PasswordForm
from app.domain.accounts import sessions, two_factor
from app.domain.accounts.photos import PhotoError, square_jpeg
from app.domain.audit import record
from app.domain.messages.letters import photo_uri
from app.extensions import db, limiter

# Two forms on one page: the prefix keeps their fields' ids (and CSRF inputs) apart.
PASSWORD = "password"


def _page(details: DetailsForm, password: PasswordForm, status: int = 200):
    return (
        render_template(
            "auth/account.html",
            details=details,
            password=password,
            photo=photo_uri(current_user.photo),
            recovery_left=two_factor.remaining_recovery_codes(current_user)
            if current_user.totp_secret
            else None,
        ),
        status,
    )


@bp.route("/account", methods=["GET"])
@login_required
def account():
    """Your details, as children's letters show them, and your password."""
    details = DetailsForm(name=current_user.name, phone=current_user.phone)
    return _page(details, PasswordForm(formdata=None, prefix=PASSWORD))


@bp.route("/account", methods=["POST"])
@login_required
def save_details():
    """Save your name, phone number and photo."""
    details = DetailsForm()
    password = PasswordForm(formdata=None, prefix=PASSWORD)
    if not details.validate_on_submit():
        return _page(details, password, 400)
    upload = details.photo.data
    photo = None
    if upload and getattr(upload, "filename", ""):
        try:
            photo = square_jpeg(upload.read())
        except PhotoError as error:
            details.photo.errors = [str(error)]
            return _page(details, password, 400)
    current_user.name = details.name.data.strip()
    current_user.phone = (details.phone.data or "").strip() or None
    if photo is not None:
        current_user.photo = photo
    elif details.remove_photo.data:
        current_user.photo = None
    db.session.commit()
    flash(_("Your details are saved. Letters you make from now on show them."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit("10 per minute")
def change_password():
    """Change your password, after giving the current one."""
    details = DetailsForm(formdata=None, name=current_user.name, phone=current_user.phone)
    password = PasswordForm(prefix=PASSWORD)
    if not password.validate_on_submit():
        return _page(details, password, 400)
    if not current_user.check_password(password.current.data):
        password.current.errors = [_("That is not your current password")]
        return _page(details, password, 400)
    current_user.set_password(password.new.data)
    record("password changed")
    # A copied cookie or a forgotten sign-in elsewhere stops working with the old password.
    sessions.restart(current_user._get_current_object())
    flash(_("Your password is changed. You are signed out everywhere else."), "success")
    return redirect(url_for("auth.account"))
