"""Staff accounts, for admins: invite, change role, disable or enable, unlock, reset sign-in."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.admin.blueprint import bp
from app.admin.forms import ActionForm, InviteForm, RoleForm
from app.domain.accounts import signin, staff
from app.domain.audit import record
from app.domain.messages.urls import absolute_url
from app.extensions import db
from app.models import Team, User


def _admins_only() -> None:
    if not current_user.is_admin:
        abort(403)


def _link_for(token: str) -> str:
    return absolute_url("auth.set_password", token=token)


def _account_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _team_choices() -> list[SelectChoice]:
    teams = db.session.scalars(db.select(Team).order_by(Team.name)).all()
    return [SelectChoice("", _("No team"))] + [SelectChoice(str(t.id), t.name) for t in teams]


@bp.route("/staff")
def staff_list():
    """Every staff account: role, team, whether it can sign in, two-step sign-in."""
    _admins_only()
    people = db.session.scalars(db.select(User).order_by(User.name, User.id)).all()
    form = InviteForm(formdata=None)
    form.team.choices = _team_choices()
    return render_template("admin/staff.html", people=people, form=form)


@bp.route("/staff/invite", methods=["POST"])
def staff_invite():
    """Make an account and email the person a one-time link to choose their password."""
    _admins_only()
    form = InviteForm()
    form.team.choices = _team_choices()
    if form.validate_on_submit():
        team = db.session.get(Team, int(form.team.data)) if form.team.data.isdigit() else None
        try:
            user, _link = staff.invite(
                form.email.data, form.name.data, form.role.data, team, current_user, _link_for
            )
        except staff.AccountError as error:
            form.email.errors.append(str(error))
        else:
            record("account invited", detail=f"{user.email} as {user.role}")
            db.session.commit()
            flash(_("An invitation has gone to %(email)s.", email=user.email), "success")
            return redirect(url_for("admin.staff_account", user_id=user.id), 303)
    people = db.session.scalars(db.select(User).order_by(User.name, User.id)).all()
    return render_template("admin/staff.html", people=people, form=form), 400


@bp.route("/staff/<int:user_id>")
def staff_account(user_id: int):
    """One account and what an admin can do with it."""
    _admins_only()
    user = _account_or_404(user_id)
    return render_template(
        "admin/staff_account.html",
        person=user,
        role_form=RoleForm(role=user.role),
        form=ActionForm(),
    )


ACTIONS = {
    "disable": (lambda user: staff.disable(user, current_user), "account disabled"),
    "enable": (staff.enable, "account enabled"),
    "unlock": (signin.unlock, "account unlocked"),
    "reset": (lambda user: staff.reset(user, current_user, _link_for), "sign-in reset"),
}


@bp.route("/staff/<int:user_id>/<any(disable, enable, unlock, reset):action>", methods=["POST"])
def staff_action(user_id: int, action: str):
    """Disable (every session ends at once), enable, unlock, or reset password and two-step."""
    _admins_only()
    user = _account_or_404(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    change, words = ACTIONS[action]
    try:
        change(user)
    except staff.AccountError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.staff_account", user_id=user.id), 303)
    record(words, detail=user.email)
    db.session.commit()
    flash(
        {
            "disable": _("The account is disabled and signed out everywhere."),
            "enable": _("The account can sign in again."),
            "unlock": _("The account is unlocked."),
            "reset": _("A link to choose a new password has gone to %(email)s.", email=user.email),
        }[action],
        "success",
    )
    return redirect(url_for("admin.staff_account", user_id=user.id), 303)


@bp.route("/staff/<int:user_id>/role", methods=["POST"])
def staff_role(user_id: int):
    """Change what an account can see and do."""
    _admins_only()
    user = _account_or_404(user_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            staff.set_role(user, form.role.data, current_user)
        except staff.AccountError as error:
            flash(str(error), "error")
        else:
            record("role changed", detail=f"{user.email} to {user.role}")
            db.session.commit()
            flash(_("The role is changed."), "success")
        return redirect(url_for("admin.staff_account", user_id=user.id), 303)
    abort(400)
