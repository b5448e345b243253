"""After the review: record its outcome, send the "How was my review?" booklet, and write the
"You said, we did" letter to the child in their language."""

from __future__ import annotations

import secrets

from babel import Locale, UnknownLocaleError
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import _, force_locale, format_date
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from app.domain.booklets.definitions import AFTER_SLUG, latest_version
from app.domain.invitations import links as invitations
from app.domain.messages.letters import html_to_pdf
from app.domain.reviews import outcome
from app.domain.reviews.access import review_or_404
from app.domain.reviews.participation import PN_CODES
from app.extensions import db
from app.models import Review, utcnow
from app.staff import bp
from app.staff.invite import invitation_page
from app.staff.routes import MADE_KEY, staff_date

# Its own respondent, so that sending it never stops the child's pre-review link (see create()).
AFTER_RESPONDENT = "child-after"
# Empty rows under the child's requests, for things they asked at the review itself.
SPARE_ROWS = 2
TEXT_MAX = 1000


class DecisionForm(Form):
    # A plain Form: the outer FlaskForm carries the one CSRF token.
    asked = StringField(_l("What they asked for"), validators=[Length(max=TEXT_MAX)])
    decided = TextAreaField(_l("What was decided"), validators=[Length(max=TEXT_MAX)])


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class OutcomeForm(FlaskForm):
    took_part = RadioField(
        _l("How did the child take part?"),
        choices=_choices(outcome.TOOK_PART_LABELS.items()),
        validators=[Optional()],
    )
    participation_code = SelectField(
        _l("Participation code"),
        choices=_choices(
            [("", _l("The code that fits how they took part"))]
            + [(code, f"{code}: {wording}") for code, wording in PN_CODES.items()]
        ),
    )
    venue = SelectField(
        _l("Where was the review held?"),
        choices=_choices([("", _l("Not recorded"))] + list(outcome.VENUE_LABELS.items())),
    )
    last_seen = DateField(
        _l("Date you last saw the child"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )
    chaired_by = RadioField(
        _l("Who chaired the review?"),
        choices=_choices(outcome.CHAIRS.items()),
        validators=[Optional()],
    )
    advocate_attended = RadioField(
        _l("Did an advocate come?"),
        choices=_choices([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[Optional()],
    )
    decisions = FieldList(FormField(DecisionForm), min_entries=0)


class AfterBookletForm(FlaskForm):
    # As on the invitation form: reloading the page that shows the new code must not make another.
    once = HiddenField()


def _form_for(review: Review) -> OutcomeForm:
    """The form filled in with what is recorded, or with what the child's booklet asked for."""
    rows = review.decisions
    if rows is None:
        with force_locale(_child_locale(review)):
            rows = [{"asked": r.asked, "decided": ""} for r in outcome.requests(review)]
    suggested, _reason = outcome.suggest_code(review, review.took_part)
    form = OutcomeForm(
        data={
            "took_part": review.took_part,
            "participation_code": review.participation_code or suggested or "",
            "venue": review.venue or "",
            "last_seen": review.child_last_seen_by_iro,
            "chaired_by": review.chaired_by,
            "advocate_attended": _yes_no(review.advocate_attended),
            "decisions": list(rows) + [{"asked": "", "decided": ""}] * SPARE_ROWS,
        }
    )
    return form


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _child_locale(review: Review) -> str:
    """The child's language when Babel knows it; English otherwise, never an error."""
    code = (review.child.language or "en").replace("-", "_")
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return "en"
    return code


def _problems(form: OutcomeForm, review: Review) -> list[tuple[str, str]]:
    """Each problem as (field id, message), after WTForms' own checks."""
    problems = [
        (form[name].id, message)
        for name, messages in form.errors.items()
        if name != "decisions"
        for message in messages
    ]
    name = review.child.display_name
    day = form.last_seen.data
    if day and day > review.review_date:
        message = _(
            "The date you last saw %(name)s must be on or before the review date, %(day)s.",
            name=name,
            day=staff_date(review.review_date),
        )
        form.last_seen.errors = [*form.last_seen.errors, message]
        problems.append((form.last_seen.id, message))
    if form.last_seen.raw_data and form.last_seen.raw_data[0] and not day:
        form.last_seen.errors = [_("Enter the date as a real date, for example 2027-01-14.")]
        problems = [p for p in problems if p[0] != form.last_seen.id]
        problems.append((form.last_seen.id, form.last_seen.errors[0]))
    for entry in form.decisions:
        for field in (entry.asked, entry.decided):
            for message in field.errors:
                problems.append((field.id, message))
        if (entry.decided.data or "").strip() and not (entry.asked.data or "").strip():
            message = _("Say what %(name)s asked for, above what was decided.", name=name)
            entry.asked.errors = [*entry.asked.errors, message]
            problems.append((entry.asked.id, message))
    if not form.participation_code.data:
        code, _reason = outcome.suggest_code(review, form.took_part.data)
        if code is None:
            message = _("Choose how %(name)s took part, or choose a participation code.", name=name)
            form.took_part.errors = [*form.took_part.errors, message]
            problems.append((form.took_part.id, message))
    return problems


def _render_form(review: Review, form: OutcomeForm, problems=(), status=200):
    suggested, reason = outcome.suggest_code(review, form.took_part.data or review.took_part)
    return render_template(
        "staff/outcome.html",
        review=review,
        child=review.child,
        form=form,
        problems=problems,
        suggested=suggested,
        reason=reason,
        wording=PN_CODES,
    ), status


@bp.route("/reviews/<int:review_id>/outcome", methods=["GET", "POST"])
@login_required
def outcome_form(review_id: int):
    """Record how the child took part, the code, venue, chair, and what was decided."""
    review = review_or_404(review_id, current_user)
    if request.method == "GET":
        return _render_form(review, _form_for(review))
    form = OutcomeForm()
    valid = form.validate_on_submit()
    problems = _problems(form, review)
    if not valid or problems:
        return _render_form(review, form, problems, status=400)
    took_part = form.took_part.data or None
    code = form.participation_code.data or outcome.suggest_code(review, took_part)[0]
    review.took_part = took_part
    review.child_attended = outcome.TOOK_PART[took_part][0] if took_part else None
    review.participation_code = code
    review.venue = form.venue.data or None
    review.child_last_seen_by_iro = form.last_seen.data
    review.chaired_by = form.chaired_by.data or None
    review.advocate_attended = (
        None if not form.advocate_attended.data else form.advocate_attended.data == "yes"
    )
    review.decisions = outcome.clean_decisions(
        [(entry.asked.data, entry.decided.data) for entry in form.decisions]
    )
    review.outcome_recorded_at = utcnow()
    review.outcome_recorded_by_id = current_user.id
    db.session.commit()
    flash(_("The outcome of the review is saved."), "success")
    return redirect(url_for("staff.review", review_id=review.id, _anchor="outcome"), 303)


@bp.route("/reviews/<int:review_id>/after-booklet", methods=["POST"])
@login_required
def send_after_booklet(review_id: int):
    """Make the child's link to the "How was my review?" booklet, and show it once."""
    review = review_or_404(review_id, current_user)
    form = AfterBookletForm()
    if not form.validate_on_submit():
        abort(400)
    version = latest_version(AFTER_SLUG)
    if version is None:
        flash(_("The “How was my review?” booklet is not published yet."), "error")
        return redirect(url_for("staff.review", review_id=review.id, _anchor="outcome"), 303)
    made = session.get(MADE_KEY, [])
    if form.once.data and form.once.data in made:
        flash(
            _(
                "That invitation was made already and its code was shown then. "
                "If the code is lost, make a new invitation."
            ),
            "info",
        )
        return redirect(url_for("staff.review", review_id=review.id), 303)
    languages = current_app.config["LANGUAGES"]
    language = review.child.language if review.child.language in languages else languages[0]
    invitation, token, code = invitations.create(
        review, version, respondent=AFTER_RESPONDENT, language=language, created_by=current_user
    )
    db.session.commit()
    if form.once.data:
        session[MADE_KEY] = (made + [form.once.data])[-20:]
    return invitation_page(review, invitation, token, invitations.format_code(code))


def _letter_body(review: Review) -> Markup:
    """The letter itself, in the child's language; the same words on the page and in the PDF."""
    child = review.child
    iro = child.iro or current_user
    with force_locale(_child_locale(review)):
        return Markup(
            render_template(
                "staff/you_said_letter.html",
                name=child.display_name,
                day=format_date(review.review_date, "d MMMM yyyy"),
                decisions=review.decisions or [],
                iro=iro,
            )
        )


@bp.route("/reviews/<int:review_id>/you-said")
@login_required
def you_said(review_id: int):
    """The "You said, we did" letter to print or download, once the outcome is recorded."""
    review = review_or_404(review_id, current_user)
    body = _letter_body(review) if review.outcome_recorded_at else None
    return render_template("staff/you_said.html", review=review, child=review.child, body=body)


@bp.route("/reviews/<int:review_id>/you-said.pdf")
@login_required
def you_said_pdf(review_id: int):
    """The "You said, we did" letter as an A4 PDF."""
    review = review_or_404(review_id, current_user)
    if not review.outcome_recorded_at:
        return redirect(url_for("staff.you_said", review_id=review.id), 303)
    html = render_template(
        "staff/you_said_pdf.html", body=_letter_body(review), lang=_child_locale(review)
    )
    return Response(
        html_to_pdf(html),
        mimetype="application/pdf",
        # No name in the file name: downloads folders and print queues are not private.
        headers={"Content-Disposition": f'attachment; filename="you-said-{review.id}.pdf"'},
    )


@bp.app_template_global()
def outcome_of(review: Review) -> dict:
    """What the review page shows about the outcome, in words, and the form of its one button."""
    return {
        "recorded": review.outcome_recorded_at is not None,
        "code_words": PN_CODES.get(review.participation_code or ""),
        "took_part": outcome.TOOK_PART_LABELS.get(review.took_part or ""),
        "venue": outcome.VENUE_LABELS.get(review.venue or ""),
        "chaired_by": outcome.CHAIRS.get(review.chaired_by or ""),
        "advocate": {True: _("Yes"), False: _("No")}.get(review.advocate_attended),
        "decisions": review.decisions or [],
        "after_ready": latest_version(AFTER_SLUG) is not None,
        "after_form": AfterBookletForm(formdata=None, data={"once": secrets.token_urlsafe(12)}),
        "after_sent": [i for i in review.invitations if i.respondent == AFTER_RESPONDENT],
    }
