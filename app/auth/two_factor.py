"""Setting up two-step sign-in, and choosing a password from an emailed one-time link."""

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_babel import _
from flask_login import current_user

from app.auth.blueprint import bp
from app.auth.forms import CodeForm, NewPasswordForm
from app.auth.routes import PENDING_KEY, finish, pending_user
from app.domain.accounts import staff, two_factor
from app.domain.audit import record
from app.extensions import db, limiter

SECRET_KEY = "totp_setup_secret"
CODES_KEY = "recovery_codes_to_show"


def _who():
    """The person setting up: signed in already, or half-way through signing in."""
    if current_user.is_authenticated:
        return current_user, False
    user = pending_user()
    return user, True


@bp.route("/two-step", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def two_factor_setup():
    """Scan a QR code with an authenticator app and type the code it shows."""
    user, signing_in = _who()
    if user is None:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    if user.totp_secret and not signing_in:
        flash(_("Two-step sign-in is already on for your account."), "info")
        return redirect(url_for("auth.account"))
    secret = session.get(SECRET_KEY)
    if not isinstance(secret, str):
        secret = two_factor.new_secret()
        session[SECRET_KEY] = secret
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.code_is_right(secret, form.code.data):
            codes = two_factor.enable(user, secret, form.code.data)
            record("two-step sign-in on", user=user)
            db.session.commit()
            next_url = (session.get(PENDING_KEY) or {}).get("next")
            if signing_in:
                finish(user, next_url)
            session.pop(SECRET_KEY, None)
            session[CODES_KEY] = codes
            return redirect(url_for("auth.recovery_codes"))
        form.code.errors.append(_("That code is not right. Codes change every 30 seconds."))
    return (
        render_template(
            "auth/two_step_setup.html",
            form=form,
            qr=two_factor.enrolment_qr(user, secret),
            secret=secret,
            required=current_app.config["TWO_FACTOR_REQUIRED"],
        ),
        400 if form.errors else 200,
    )


@bp.route("/two-step/recovery-codes")
def recovery_codes():
    """The recovery codes, shown once, straight after setting up two-step sign-in."""
    codes = session.pop(CODES_KEY, None)
    if not current_user.is_authenticated or not codes:
        abort(404)
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def set_password(token: str):
    """Choose a password from the one-time link in an invitation or reset email."""
    link = staff.link_for_token(token)
    if link is None:
        return render_template("auth/link_gone.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = staff.set_password_from_link(link, form.new.data)
        record("password set from link", user=user, detail=link.purpose)
        db.session.commit()
        flash(_("Your password is set. Sign in with it now."), "success")
        return redirect(url_for("auth.login"))
    return (
        render_template("auth/set_password.html", form=form, user=link.user, purpose=link.purpose),
        400 if form.errors else 200,
    )
