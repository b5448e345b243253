"""A child's record for data protection: the subject-access export, and erasure."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.domain.audit import record
from app.domain.privacy import export, records
from app.extensions import db
from app.managers.blueprint import bp


class FindForm(FlaskForm):
    class Meta:
        csrf = False  # finding changes nothing

    child_ref = StringField(
        _l("Child's case reference"),
        validators=[DataRequired(_l("Enter the child's case reference")), Length(max=64)],
    )


class EraseForm(FlaskForm):
    confirm = StringField(
        _l("Type the case reference again to erase"),
        validators=[DataRequired(_l("Type the case reference to confirm")), Length(max=64)],
    )


def _child_or_404(child_ref: str):
    child = records.find_child(child_ref)
    if child is None:
        abort(404)
    return child


@bp.route("/records")
def child_records():
    """Find a child's record to export it (subject access) or erase it."""
    form = FindForm(formdata=request.args if "child_ref" in request.args else None)
    child = None
    if "child_ref" in request.args and form.validate():
        child = records.find_child(form.child_ref.data)
        if child is None:
            form.child_ref.errors.append(_("No child has that case reference."))
    status = 400 if form.errors else 200
    return render_template(
        "managers/records.html", form=form, child=child, erase_form=EraseForm()
    ), status


@bp.route("/records/<child_ref>.<any(json, pdf):kind>")
def subject_access(child_ref: str, kind: str):
    """Everything held about one child, as JSON or PDF."""
    child = _child_or_404(child_ref)
    data = records.subject_access(child)
    record("exported subject access", child=child, detail=kind)
    db.session.commit()
    body, mimetype = (
        (export.as_json(data), "application/json")
        if kind == "json"
        else (export.as_pdf(data), "application/pdf")
    )
    return Response(
        body,
        mimetype=mimetype,
        # The reference, not the name, in the file name: download folders are not private.
        headers={"Content-Disposition": f'attachment; filename="subject-access-{child.id}.{kind}"'},
    )


@bp.route("/records/<child_ref>/erase", methods=["POST"])
def erase(child_ref: str):
    """Erase everything about the child, after typing the reference again."""
    child = _child_or_404(child_ref)
    form = EraseForm()
    if not form.validate_on_submit() or form.confirm.data.strip() != child.child_ref:
        if not form.errors:
            form.confirm.errors = [_("That is not the same case reference: nothing was erased.")]
        find = FindForm(formdata=None, child_ref=child.child_ref)
        return render_template(
            "managers/records.html", form=find, child=child, erase_form=form
        ), 400
    record("erased child", child=child)
    reviews = records.erase(child)
    db.session.commit()
    flash(
        _("Everything about %(ref)s is erased (%(count)d reviews).", ref=child_ref, count=reviews),
        "success",
    )
    return redirect(url_for("managers.child_records"), 303)
