from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.blueprint import bp
from app.auth.forms import LoginForm
from app.extensions import db, limiter, login_manager
from app.models import User


@login_manager.user_loader
def load_user(user_id: str):
    return db.session.get(User, int(user_id))


def _safe_next(target: str | None) -> str:
    # Only ever go back to a page on this site, never to an address an attacker put in the link.
    if (
        target
        and not urlsplit(target).netloc
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("staff.caseload")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    """Sign in with an email address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.caseload"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.execute(
            db.select(User).filter(db.func.lower(User.email) == form.email.data.strip().lower())
        ).scalar_one_or_none()
        if user is None or not user.check_password(form.password.data) or not user.active:
            form.password.errors.append(
                _("That email address and password do not match an account.")
            )
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/sign-out", methods=["POST"])
@login_required
def logout():
    """Sign out."""
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
