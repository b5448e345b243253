"""Managers' pages for the council's own systems: import mappings, reconciliation, records by hand
(a review, a placement move, a change of IRO)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_login import current_user

from app.domain.imports.by_hand import record_review
from app.domain.imports.contract_csv import KNOWN
from app.domain.imports.mappings import find_mapping, mapping_names, save_mapping, word_problems
from app.domain.imports.reconcile import reconcile
from app.domain.reports.registry import display
from app.domain.reviews.moves import PLACEMENT_TYPES, active_iros, change_iro, move_placement
from app.extensions import db
from app.managers.blueprint import bp
from app.managers.forms import ByHandForm, ChangeIroForm, MappingForm, ReconcileForm
from app.staff.forms import PlacementMoveForm
from app.staff.placement import placement_saved, show_problems


def _mappings_page(form: MappingForm, status: int = 200):
    return (
        render_template(
            "managers/mappings.html",
            form=form,
            mappings=[find_mapping(name) for name in mapping_names()],
        ),
        status,
    )


@bp.route("/mappings", methods=["GET", "POST"])
def mappings():
    """Match another extract's columns and words to the contract's, once, by name."""
    form = MappingForm()
    if not form.validate_on_submit():
        return _mappings_page(form, 400 if form.is_submitted() else 200)
    problems = word_problems(form.codes.words, form.venues.words)
    if problems:
        for name, message in problems.items():
            form[name].errors.append(message)
        return _mappings_page(form, 400)
    save_mapping(
        form.name.data.strip(),
        {name: form[name].data or "" for name in MappingForm.COLUMN_FIELDS},
        form.dates.data,
        form.codes.words,
        form.venues.words,
        form.teams.words,
    )
    db.session.commit()
    flash(_("Mapping %(name)s saved. Choose it when you import a file.", name=form.name.data))
    return redirect(url_for("managers.mappings"))


@bp.route("/reconcile", methods=["GET", "POST"])
def reconciliation():
    """Compare a 903 file's participation codes with My Say's; nothing is written."""
    form = ReconcileForm()
    result = report = None
    status = 200
    if form.validate_on_submit():
        result, report = reconcile(form.file.data.read())
        status = 200 if report is not None else 400
    elif form.is_submitted():
        status = 400
    return (
        render_template(
            "managers/reconcile.html", form=form, result=result, report=report, display=display
        ),
        status,
    )


def _iros() -> list[tuple[str, str]]:
    return [(user.email, user.name) for user in active_iros()]


@bp.route("/by-hand", methods=["GET", "POST"])
def by_hand():
    """Add a child, a review, or a change of team or IRO, without a file."""
    form = ByHandForm(iros=_iros())
    result = None
    status = 200
    if form.validate_on_submit():
        result = record_review({name: form[name].data for name in KNOWN if name in form})
        if result.ok:
            flash(
                _(
                    "Saved: %(new)d new review, %(updated)d updated, %(unchanged)d unchanged.",
                    new=result.created,
                    updated=result.updated,
                    unchanged=result.unchanged,
                )
            )
            return redirect(url_for("managers.by_hand"))
        status = 400
    elif form.is_submitted():
        status = 400
    return render_template("managers/by_hand.html", form=form, result=result), status


@bp.route("/by-hand/placement", methods=["GET", "POST"])
def placement_move():
    """Record one child's placement move: the new placement's type, start date and where."""
    form = PlacementMoveForm()
    if not form.is_submitted():
        form.child_ref.data = request.args.get("child_ref", "")[:64]
    if form.validate_on_submit():
        change = move_placement(
            form.child_ref.data,
            form.starts_on.data,
            form.placement_type.data,
            form.location.data,
            form.contact.data,
            by=current_user,
        )
        if change.ok:
            db.session.commit()
            flash(placement_saved(change), "success")
            return redirect(url_for("managers.placement_move"), 303)
        show_problems(form, change)
    return (
        render_template(
            "staff/placement_move.html",
            form=form,
            child=None,
            action=url_for("managers.placement_move"),
            back=url_for("managers.by_hand"),
            placement_types=PLACEMENT_TYPES,
        ),
        400 if form.is_submitted() else 200,
    )


@bp.route("/by-hand/iro", methods=["GET", "POST"])
def change_iro_page():
    """Give one child a new IRO; a whole caseload is handed over from the caseloads page."""
    form = ChangeIroForm(iros=_iros())
    if not form.is_submitted():
        form.child_ref.data = request.args.get("child_ref", "")[:64]
    if form.validate_on_submit():
        change = change_iro(form.child_ref.data, form.iro_email.data, by=current_user)
        if change.ok:
            db.session.commit()
            flash(
                _(
                    "%(name)s (%(ref)s) has a new IRO: %(iro)s.",
                    name=change.child.display_name,
                    ref=change.child.child_ref,
                    iro=change.child.iro.name,
                ),
                "success",
            )
            return redirect(url_for("managers.change_iro_page"), 303)
        show_problems(form, change)
    return (
        render_template("managers/change_iro.html", form=form),
        400 if form.is_submitted() else 200,
    )
