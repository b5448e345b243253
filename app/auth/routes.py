"""Staff sign-in: password, then the code from an authenticator app; sign-out everywhere."""

import time
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import _
from flask_login import current_user, login_required

from app.auth.blueprint import bp
from app.auth.forms import CodeForm, LoginForm
from app.domain.accounts import sessions, two_factor
from app.domain.accounts.signin import Outcome, check_password, record_failure
from app.domain.audit import record
from app.extensions import db, limiter, login_manager
from app.models import User

# Between the password and the code, the person is remembered only in this browser's session,
# for a few minutes.
PENDING_KEY = "pending_sign_in"
PENDING_SECONDS = 300


@login_manager.user_loader
def load_user(user_id: str):
    return sessions.load(user_id)


@login_manager.unauthorized_handler
def unauthorized():
    if g.get("session_ended") == "idle":
        flash(
            _(
                "You were signed out because My Say was not used for %(minutes)d minutes. "
                "Sign in again to go on.",
                minutes=current_app.config["STAFF_IDLE_MINUTES"],
            ),
            "info",
        )
    else:
        flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


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


def locked_message() -> str:
    return _(
        "This account is locked after %(count)d wrong tries. Ask an admin to unlock it.",
        count=current_app.config["LOGIN_MAX_FAILURES"],
    )


def pending_user() -> User | None:
    """The person who gave the right password in this browser and has the code still to give."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user_id"))
    return user if user is not None and user.active and user.locked_at is None else None


def finish(user: User, next_url: str | None):
    sessions.start(user)
    record("sign-in", user=user)
    db.session.commit()
    return redirect(_safe_next(next_url))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    """Sign in with an email address and password."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.caseload"))
    form = LoginForm()
    if form.validate_on_submit():
        result = check_password(form.email.data, form.password.data)
        if result.outcome == Outcome.OK:
            user = result.user
            next_url = request.args.get("next")
            if user.totp_secret or current_app.config["TWO_FACTOR_REQUIRED"]:
                session.clear()
                session[PENDING_KEY] = {"user_id": user.id, "at": time.time(), "next": next_url}
                db.session.commit()
                if user.totp_secret:
                    return redirect(url_for("auth.code"))
                return redirect(url_for("auth.two_factor_setup"))
            return finish(user, next_url)
        record("sign-in failed", user=result.user, detail=form.email.data.strip().lower()[:254])
        db.session.commit()
        if result.outcome == Outcome.LOCKED:
            form.password.errors.append(locked_message())
        else:
            form.password.errors.append(
                _("That email address and password do not match an account.")
            )
    return render_template("auth/login.html", form=form), (400 if form.errors else 200)


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def code():
    """The second step: the 6-digit code from the authenticator app, or a recovery code."""
    user = pending_user()
    if user is None or not user.totp_secret:
        flash(_("Please sign in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.check(user, form.code.data):
            user.failed_sign_ins = 0
            return finish(user, session[PENDING_KEY].get("next"))
        outcome = record_failure(user)
        record("sign-in failed", user=user, detail="wrong code")
        db.session.commit()
        if outcome == Outcome.LOCKED:
            session.clear()
            flash(locked_message(), "error")
            return redirect(url_for("auth.login"))
        form.code.errors.append(_("That code is not right. Codes change every 30 seconds."))
    return render_template("auth/code.html", form=form), (400 if form.errors else 200)


@bp.route("/sign-out", methods=["POST"])
@login_required
def logout():
    """Sign out, here and on every other device."""
    record("sign-out", user=current_user)
    sessions.sign_out(current_user)
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.app_template_global("staff_signed_out_at")
def staff_signed_out_at():
    return sessions.signed_out_at()


@bp.app_template_filter("staff_time")
def staff_time(moment) -> str:
    from flask_babel import format_time

    return format_time(moment, "HH:mm") if moment else ""


@bp.before_app_request
def _check_session_afresh():
    # Flask-Login keeps the loaded user on ``g``, which outlives a request whenever an app
    # context was pushed before it (a command, the tests): every request must check its own
    # session, or a session ended elsewhere would go on working.
    for key in ("_login_user", "session_ended", "staff_session_seen"):
        g.pop(key, None)
