from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, SelectChoice, SelectField
from wtforms.validators import InputRequired, ValidationError

from app.domain.reports.registry import TITLES
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
