"""The audit log for managers and the data protection officer: search it, take it away as CSV."""

from flask import Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from app.domain.audit import record
from app.domain.audit.search import Filters, actions, find, to_csv
from app.extensions import db
from app.managers.blueprint import bp

SHOWN = 200


class AuditForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET) changes nothing

    child_ref = StringField(_l("Child's case reference"), validators=[Optional(), Length(max=64)])
    email = StringField(_l("Staff email"), validators=[Optional(), Length(max=254)])
    action = SelectField(_l("What was done"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])


def _form() -> tuple[AuditForm, Filters | None]:
    form = AuditForm(formdata=request.args)
    form.action.choices = [SelectChoice("", _l("Anything"))] + [
        SelectChoice(a, a) for a in actions()
    ]
    if not form.validate():
        return form, None
    return form, Filters(
        child_ref=form.child_ref.data or "",
        email=form.email.data or "",
        action=form.action.data or "",
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.route("/audit")
def audit():
    """Who read, printed or exported which child's answers, and every staff sign-in."""
    form, filters = _form()
    if filters is None:
        return render_template("managers/audit.html", form=form, events=[], shown=SHOWN), 400
    return render_template(
        "managers/audit.html", form=form, events=find(filters, SHOWN), shown=SHOWN
    )


@bp.route("/audit.csv")
def audit_csv():
    """Every matching event as CSV; taking the log away is itself in the log."""
    form, filters = _form()
    if filters is None:
        return render_template("managers/audit.html", form=form, events=[], shown=SHOWN), 400
    body = to_csv(filters)
    record("exported audit log", detail=request.query_string.decode()[:300])
    db.session.commit()
    return Response(
        body.encode("utf-8-sig"),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="my-say-audit.csv"'},
    )
