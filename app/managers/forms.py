"""The managers' forms: reports and imports, the annual pack, caseload hand-over and cover."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain.pack.build import default_year, year_choices, year_label
from app.domain.reports.registry import TITLES
from app.domain.reviews.cover import cover_problems
from app.domain.reviews.participation import financial_year


class ImportForm(FlaskForm):
    file = FileField(
        _l("Review records file (CSV)"),
        validators=[FileRequired(_l("Choose a CSV file of review records to import"))],
    )


class ConfirmImportForm(FlaskForm):
    """Only the CSRF token: the file itself waits on the server."""


class PlainDateField(DateField):
    """A date input whose error says what to type, in plain words."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.gettext(_l("Enter a real date, like 2024-03-31"))) from None


class ReportForm(FlaskForm):
    # Choosing a report changes nothing, so it is an ordinary GET form that can be bookmarked;
    # CSRF protects the forms that write (the import).
    class Meta:
        csrf = False

    report = SelectField(
        _l("Report"),
        choices=[SelectChoice(name, title) for name, title in TITLES.items()],
        default=next(iter(TITLES)),
    )
    date_from = PlainDateField(
        _l("From (review date)"), validators=[InputRequired(_l("Enter the first review date"))]
    )
    date_to = PlainDateField(
        _l("To (review date, included)"),
        validators=[InputRequired(_l("Enter the last review date"))],
    )
    format = SelectField(
        _l("File format"),
        choices=[SelectChoice("csv", "CSV"), SelectChoice("xlsx", _l("Excel (XLSX)"))],
        default="csv",
    )
    publishable = BooleanField(_l("Publishable version: show counts of 1 to 4 as “<5”"))

    def __init__(self, *args, today: date | None = None, **kwargs):
        start, end = financial_year(today or date.today())
        kwargs.setdefault("date_from", start)
        kwargs.setdefault("date_to", end)
        super().__init__(*args, **kwargs)

    def validate_date_to(self, field):
        if self.date_from.data and field.data and self.date_from.data > field.data:
            raise ValidationError(
                _l("The \u2018to\u2019 date must be the same as or after the \u2018from\u2019 date")
            )


def coerce_id(value) -> int | None:
    # An empty or mangled choice is "nothing chosen", so the form says so instead of a 500.
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class IroField(SelectField):
    """A choice of IRO whose error, when the posted IRO is not offered, says what to do."""

    def pre_validate(self, form):
        if self.data is not None and not any(match for _v, _t, match, *_ in self.iter_choices()):
            raise ValidationError(_l("Choose an IRO from the list"))


class ChildrenField(SelectMultipleField):
    """Ticked children; one no longer on the caseload means the page is out of date."""

    def pre_validate(self, form):
        offered = {value for value, *_ in self.iter_choices()}
        if any(str(child) not in {str(v) for v in offered} for child in self.data or []):
            raise ValidationError(
                _l("A child you ticked is no longer on this caseload. Tick the children again.")
            )


class HandOverForm(FlaskForm):
    from_iro = HiddenField()
    to_iro = IroField(
        _l("Hand the children over to"),
        coerce=coerce_id,
        validators=[InputRequired(_l("Choose the IRO who will take the children"))],
    )
    children = ChildrenField(
        _l("Children to hand over"),
        coerce=int,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    # Set by the confirmation page: the first post only shows what would move.
    confirmed = HiddenField()

    def validate_to_iro(self, field):
        if field.data is None:
            raise ValidationError(_l("Choose the IRO who will take the children"))
        if str(field.data) == self.from_iro.data:
            raise ValidationError(_l("Choose a different IRO: the children are already theirs"))

    def validate_children(self, field):
        if not field.data:
            raise ValidationError(_l("Tick at least one child to hand over"))


class CoverForm(FlaskForm):
    absent_iro = IroField(
        _l("IRO who will be away"),
        coerce=coerce_id,
        validators=[InputRequired(_l("Choose the IRO who will be away"))],
    )
    covering_iro = IroField(
        _l("IRO who will cover"),
        coerce=coerce_id,
        validators=[InputRequired(_l("Choose the IRO who will cover"))],
    )
    starts_on = PlainDateField(
        _l("First day of cover"), validators=[InputRequired(_l("Enter the first day of cover"))]
    )
    ends_on = PlainDateField(
        _l("Last day of cover (included)"),
        validators=[InputRequired(_l("Enter the last day of cover"))],
    )
    reason = StringField(
        _l("Reason (optional)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Keep the reason under 200 characters")),
        ],
    )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        problems = cover_problems(
            self.absent_iro.data,
            self.covering_iro.data,
            self.starts_on.data,
            self.ends_on.data,
            date.today(),
        )
        for name, message in problems.items():
            self[name].errors.append(message)
        return not problems


class PackForm(FlaskForm):
    # Choosing a year changes nothing, so it is a GET form that can be bookmarked.
    class Meta:
        csrf = False

    year = SelectField(
        _l("Financial year (April to March)"),
        coerce=int,
        validate_choice=True,
    )
    publishable = BooleanField(_l("Hide numbers from 1 to 4, for a paper that will be published"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.year.choices = [SelectChoice(y, year_label(y)) for y in year_choices()]
        self.year.default = default_year(date.today())
