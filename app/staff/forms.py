"""The IRO's forms: invitations and sending them, the outcome of a review, themes, alerts, placement moves.

Checks that need more than one field, or the review itself, are in each form's ``validate``.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from app.domain.messages.reminders import normalise_mobile
from app.domain.reviews import outcome
from app.domain.reviews.moves import PLACEMENT_TYPES
from app.domain.reviews.participation import PN_CODES
from app.domain.themes.engine import THEMES
from app.models import Review

RESPONDENTS = ("child", "parent", "carer")
# Empty rows under the child's requests, for things they asked at the review itself.
SPARE_ROWS = 2
TEXT_MAX = 1000


def _strip(text):
    return text.strip() if text else text


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class InvitationForm(FlaskForm):
    booklet = SelectField(
        _l("Booklet"),
        validators=[InputRequired(_l("Choose a booklet"))],
        validate_choice=True,
    )
    # A fresh value each time the form is shown: reloading the page that shows the new code must
    # not post again, make another invitation and silently stop the one just printed.
    once = HiddenField()
    # Chosen before the form is shown (the booklet list depends on it), so carried here hidden.
    respondent = HiddenField(
        validators=[AnyOf(RESPONDENTS, _l("Choose who the invitation is for"))]
    )
    language = SelectField(
        _l("Language"),
        validators=[InputRequired(_l("Choose a language"))],
        validate_choice=True,
    )


class ActionForm(FlaskForm):
    """A button that changes something: it needs nothing but its CSRF token."""


class LetterForm(FlaskForm):
    """The printable letter for a link just made."""

    # The link's token and the short code, known in clear only on the page that made them.
    token = HiddenField(validators=[InputRequired(), Length(max=100)])
    code = HiddenField(validators=[InputRequired(), Length(max=20)])


class SendForm(LetterForm):
    """Send a link just made to an email address and/or a mobile number."""

    email = EmailField(
        _l("Email address"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=254, message=_l("The email address is too long")),
            Email(_l("Enter an email address like name@example.com")),
        ],
    )
    mobile = TelField(_l("Mobile phone number"), filters=[_strip], validators=[Optional()])

    def validate_mobile(self, field):
        if field.data and normalise_mobile(field.data) is None:
            raise ValidationError(
                _l("Enter a UK mobile number, starting 07 or +44 7, like 07700 900123")
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.email.data and not self.mobile.data:
            self.email.errors = list(self.email.errors) + [
                _l("Enter an email address or a mobile number, or both")
            ]
            return False
        return valid


class AfterBookletForm(FlaskForm):
    # As on the invitation form: reloading the page that shows the new code must not make another.
    once = HiddenField()


class DecisionForm(Form):
    # A plain Form: the outer FlaskForm carries the one CSRF token.
    asked = StringField(_l("What they asked for"), validators=[Length(max=TEXT_MAX)])
    decided = TextAreaField(_l("What was decided"), validators=[Length(max=TEXT_MAX)])


class OutcomeForm(FlaskForm):
    """The outcome of one review; ``review`` is needed for the checks against its date and
    against the code that how the child took part points to."""

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

    def __init__(self, *args, review: Review, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    @classmethod
    def starting_from(cls, review: Review) -> OutcomeForm:
        """The form filled in with what is recorded, or with what the child's booklet asked for."""
        draft = outcome.draft(review)
        advocate = draft.advocate_attended
        return cls(
            review=review,
            data={
                "took_part": draft.took_part,
                "participation_code": draft.participation_code or "",
                "venue": draft.venue or "",
                "last_seen": draft.last_seen,
                "chaired_by": draft.chaired_by,
                "advocate_attended": None if advocate is None else ("yes" if advocate else "no"),
                "decisions": [{"asked": a, "decided": d} for a, d in draft.decisions]
                + [{"asked": "", "decided": ""}] * SPARE_ROWS,
            },
        )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        review = self.review
        name = review.child.display_name
        self.too_early = outcome.too_early(review)
        day = self.last_seen.data
        if self.last_seen.raw_data and self.last_seen.raw_data[0] and not day:
            # WTForms' own message names a format; this one shows a date to copy.
            self.last_seen.errors = [_("Enter the date as a real date, for example 2027-01-14.")]
        elif day and day > review.review_date:
            self.last_seen.errors.append(
                _(
                    "The date you last saw %(name)s must be on or before the review date, %(day)s.",
                    name=name,
                    day=format_date(review.review_date, "d MMMM yyyy"),
                )
            )
        for entry in self.decisions:
            if (entry.decided.data or "").strip() and not (entry.asked.data or "").strip():
                entry.asked.errors.append(
                    _("Say what %(name)s asked for, above what was decided.", name=name)
                )
        if not self.participation_code.data:
            if outcome.suggest_code(review, self.took_part.data)[0] is None:
                self.took_part.errors.append(
                    _("Choose how %(name)s took part, or choose a participation code.", name=name)
                )
        return valid and not self.problems()

    def problems(self) -> list[tuple[str, str]]:
        """Every problem as (field id, message), in the order the page shows the fields."""
        found = [("review-day", self.too_early)] if getattr(self, "too_early", None) else []
        for field in self:
            for part in _parts(field):
                found += [(part.id, message) for message in part.errors]
        return found

    def to_outcome(self) -> outcome.Outcome:
        advocate = self.advocate_attended.data
        return outcome.Outcome(
            took_part=self.took_part.data or None,
            participation_code=self.participation_code.data or None,
            venue=self.venue.data or None,
            last_seen=self.last_seen.data,
            chaired_by=self.chaired_by.data or None,
            advocate_attended=None if not advocate else advocate == "yes",
            decisions=[(entry.asked.data, entry.decided.data) for entry in self.decisions],
        )


def _parts(field):
    """The fields a problem can be on: each row's own fields for the decisions."""
    if isinstance(field, FieldList):
        return [part for entry in field for part in entry]
    return [field]


class ThemesForm(FlaskForm):
    """Every answer's themes on a review page, saved at once: a field ``themes-<answer id>`` per
    answer shown (see :meth:`for_answers`). Ticked themes are confirmed and unticked ones removed.
    """

    # The answers the page showed, "1,2,3": an answer the child wrote after the page was opened
    # has no boxes on it, so its suggestions must not be taken as all unticked.
    shown = HiddenField(validators=[Optional(), Length(max=10000)])

    @classmethod
    def for_answers(cls, answer_ids: list[int], **kwargs) -> ThemesForm:
        """The form with a field for each of ``answer_ids``; choices are the fixed ids only."""
        fields = {
            f"themes-{answer_id}": SelectMultipleField(
                choices=[SelectChoice(theme, label) for theme, label in THEMES.items()],
                validate_choice=True,
            )
            for answer_id in answer_ids
        }
        form = type("ReviewThemesForm", (cls,), fields)(**kwargs)
        if not form.shown.data:
            form.shown.data = ",".join(str(i) for i in answer_ids)
        return form

    def shown_ids(self) -> set[int]:
        return {int(part) for part in (self.shown.data or "").split(",") if part.isdigit()}

    def chosen(self, answer_id: int) -> set[str]:
        return set(self[f"themes-{answer_id}"].data or [])


class AcknowledgeForm(FlaskForm):
    action_taken = TextAreaField(
        _l("What did you do?"),
        # Spaces alone say nothing about what was done.
        filters=[_strip],
        validators=[
            DataRequired(_l("Write what you did about this alert, so that others know")),
            Length(max=4000, message=_l("Write at most 4,000 characters")),
        ],
    )
    # Where to go afterwards: "review" or the dashboard. Only these two, so it cannot redirect away.
    back = HiddenField()


class AlertSettingsForm(FlaskForm):
    duty_inbox = EmailField(
        _l("Duty inbox email address"),
        validators=[
            Optional(),
            Email(_l("Enter an email address like duty@council.gov.uk")),
            Length(max=254),
        ],
    )
    escalation_hours = IntegerField(
        _l("Hours before an alert goes to every manager"),
        validators=[
            InputRequired(_l("Enter a number of hours, from 1 to 72")),
            NumberRange(1, 72, _l("Enter a number of hours, from 1 to 72")),
        ],
    )


class PlacementMoveForm(FlaskForm):
    """A placement move; app/domain/reviews/moves.py checks it as an import checks a row."""

    child_ref = StringField(_l("Child's case number"))
    starts_on = StringField(_l("Date the new placement started"))
    # Any value reaches the domain's check, which says in plain words what is wrong with it.
    placement_type = SelectField(_l("Placement type"), validate_choice=False, default="")
    location = StringField(_l("Where (optional)"))
    contact = StringField(_l("New placement contact (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.placement_type.choices = [SelectChoice("", _l("Choose a placement type"))] + [
            SelectChoice(code, f"{code}: {words}") for code, words in PLACEMENT_TYPES.items()
        ]
