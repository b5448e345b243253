"""Managers hand caseloads from one IRO to another and grant time-limited cover."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import _, format_date, ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from app.domain.reviews.cover import (
    MAX_COVER_MONTHS,
    caseload_sizes,
    children_of,
    current_and_upcoming,
    grant_cover,
    hand_over,
    iros,
    stop_cover,
)
from app.extensions import db
from app.managers.blueprint import bp
from app.managers.forms import CoverForm, HandOverForm, coerce_id
from app.models import User
from app.models.cover import Cover


def _iro_choices(staff: list[User]) -> list[tuple[str, str]]:
    return [("", _("Choose an IRO"))] + [(str(u.id), u.name) for u in staff]


def _cover_form(formdata=None) -> CoverForm:
    form = CoverForm(formdata=formdata)
    choices = _iro_choices(iros())
    form.absent_iro.choices = choices
    form.covering_iro.choices = choices
    return form


def _index(cover_form: CoverForm | None = None, status: int = 200):
    return (
        render_template(
            "managers/caseloads.html",
            caseloads=caseload_sizes(),
            covers=current_and_upcoming(),
            today=date.today(),
            cover_form=cover_form or _cover_form(formdata=None),
            stop_form=FlaskForm(),
            max_months=MAX_COVER_MONTHS,
        ),
        status,
    )


@bp.route("/caseloads")
def caseloads():
    """Every IRO's caseload size, the covers in place or to come, and a form to grant cover."""
    return _index()


def _staff_or_404(user_id) -> User:
    user = db.session.get(User, coerce_id(user_id)) if coerce_id(user_id) else None
    if user is None:
        abort(404)
    return user


def _hand_over_form(from_iro: User, formdata=None) -> tuple[HandOverForm, list]:
    children = children_of(from_iro.id)
    form = HandOverForm(formdata=formdata)
    form.from_iro.data = str(from_iro.id)
    form.to_iro.choices = _iro_choices([u for u in iros() if u.id != from_iro.id])
    form.children.choices = [(c.id, f"{c.display_name} ({c.child_ref})") for c in children]
    if formdata is None:
        # Everyone ticked to start with: handing over a whole caseload is the usual case.
        form.children.data = [c.id for c in children]
    return form, children


def _hand_over_page(from_iro: User, form: HandOverForm, status: int = 200):
    return (
        render_template("managers/caseloads_handover.html", from_iro=from_iro, form=form),
        status,
    )


@bp.route("/caseloads/hand-over")
def hand_over_start():
    """Choose which of an IRO's children to hand over, and to whom."""
    from_iro = _staff_or_404(request.args.get("from_iro"))
    form, _children = _hand_over_form(from_iro)
    return _hand_over_page(from_iro, form)


@bp.route("/caseloads/hand-over", methods=["POST"])
def hand_over_post():
    """Show what the hand-over would move; once confirmed, move the children."""
    from_iro = _staff_or_404(request.form.get("from_iro"))
    form, children = _hand_over_form(from_iro, formdata=request.form)
    if not form.validate_on_submit():
        return _hand_over_page(from_iro, form, status=400)
    to_iro = _staff_or_404(form.to_iro.data)
    chosen = [c for c in children if c.id in form.children.data]
    if form.confirmed.data != "yes":
        return render_template(
            "managers/caseloads_confirm.html",
            form=form,
            from_iro=from_iro,
            to_iro=to_iro,
            chosen=chosen,
        )
    moved = hand_over(from_iro, to_iro, [c.id for c in chosen])
    db.session.commit()
    flash(
        ngettext(
            "%(num)d child handed over from %(old)s to %(new)s.",
            "%(num)d children handed over from %(old)s to %(new)s.",
            len(moved),
            old=from_iro.name,
            new=to_iro.name,
        ),
        "success",
    )
    return redirect(url_for("managers.caseloads"), 303)


@bp.route("/caseloads/covers", methods=["POST"])
def grant_cover_post():
    """Let one IRO see another IRO's children between two dates."""
    form = _cover_form(formdata=request.form)
    if not form.validate_on_submit():
        return _index(form, status=400)
    absent = _staff_or_404(form.absent_iro.data)
    covering = _staff_or_404(form.covering_iro.data)
    grant_cover(
        absent,
        covering,
        form.starts_on.data,
        form.ends_on.data,
        granted_by=current_user,
        reason=(form.reason.data or "").strip(),
    )
    db.session.commit()
    flash(
        _(
            "%(covering)s covers for %(absent)s from %(start)s to %(end)s.",
            covering=covering.name,
            absent=absent.name,
            start=format_date(form.starts_on.data, "d MMMM yyyy"),
            end=format_date(form.ends_on.data, "d MMMM yyyy"),
        ),
        "success",
    )
    return redirect(url_for("managers.caseloads"), 303)


@bp.route("/caseloads/covers/<int:cover_id>/stop", methods=["POST"])
def stop_cover_post(cover_id: int):
    """Stop a cover now: the covering IRO no longer sees the absent IRO's children."""
    cover = db.session.get(Cover, cover_id)
    if cover is None:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    stop_cover(cover, current_user)
    db.session.commit()
    flash(
        _(
            "Cover stopped: %(covering)s no longer sees %(absent)s's children.",
            covering=cover.covering_iro.name,
            absent=cover.absent_iro.name,
        ),
        "success",
    )
    return redirect(url_for("managers.caseloads"), 303)
