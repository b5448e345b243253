"""Managers' pages for the council's own systems: import mappings, reconciliation, records by hand."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import _

from app.domain.imports.by_hand import record_review
from app.domain.imports.contract_csv import KNOWN
from app.domain.imports.mappings import find_mapping, mapping_names, save_mapping, word_problems
from app.domain.imports.reconcile import reconcile
from app.domain.reports.registry import display
from app.extensions import db
from app.managers.blueprint import bp
from app.managers.forms import ByHandForm, MappingForm, ReconcileForm
from app.models import Role, User


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
    return [
        (email, name)
        for email, name in db.session.execute(
            db.select(User.email, User.name)
            .where(User.role == Role.IRO, User.active.is_(True))
            .order_by(User.name)
        )
    ]


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
