"""The managers' forms: reports, imports and import mappings, records by hand, the annual pack, caseload hand-over and cover."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.domain.imports.mapped import MAPPABLE
from app.domain.imports.mappings import mapping_names
from app.domain.pack.build import default_year, year_choices, year_label
from app.domain.reports.registry import TITLES
from app.domain.reviews.cover import cover_problems
from app.domain.reviews.outcome import VENUE_LABELS
from app.domain.reviews.participation import PN_CODES, VENUES, financial_year


class ImportForm(FlaskForm):
    file = FileField(
        _l("Review records file (CSV or Excel workbook, or the 903 return as XML)"),
        validators=[FileRequired(_l("Choose a CSV file of review records to import"))],
    )
    more = MultipleFileField(
        _l("With an SSD extract: its ssd_person and ssd_cla_episodes files (optional)")
    )
    mapping = SelectField(_l("Read the file with a saved mapping (optional)"), default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mapping.choices = [SelectChoice("", _l("No: recognise the layout"))] + [
            SelectChoice(name, name) for name in mapping_names()
        ]


class ConfirmImportForm(FlaskForm):
    """The CSRF token and the mapping chosen: the file itself waits on the server."""

    mapping = HiddenField()


class ByHandForm(FlaskForm):
    """One review as a row of the review-records file would give it; the import's checks apply."""

    child_ref = StringField(_l("Child's case number"))
    date_of_birth = StringField(_l("Date of birth"))
    first_name = StringField(_l("First name (optional)"))
    team = StringField(_l("Team (optional)"))
    review_date = StringField(_l("Review date"))
    participation_code = SelectField(
        _l("Participation code (optional)"),
        choices=[SelectChoice("", _l("Not recorded"))]
        + [SelectChoice(code, f"{code}: {words}") for code, words in PN_CODES.items()],
        default="",
    )
    venue = SelectField(
        _l("Venue (optional)"),
        choices=[SelectChoice("", _l("Not recorded"))]
        # The same words as the outcome form's, so they are translated (Welsh) like the rest.
        + [SelectChoice(venue, VENUE_LABELS[venue]) for venue in VENUES],
        default="",
    )
    child_last_seen_by_iro = StringField(_l("When the IRO last saw the child (optional)"))
    iro_email = SelectField(_l("IRO (optional: a new IRO changes the child's IRO)"), default="")

    def __init__(self, *args, iros=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.iro_email.choices = [SelectChoice("", _l("Leave as it is"))] + [
            SelectChoice(email, f"{name} ({email})") for email, name in iros
        ]


class ChangeIroForm(FlaskForm):
    """One child's new IRO; app/domain/reviews/moves.py checks it as an import checks a row."""

    child_ref = StringField(_l("Child's case number"))
    iro_email = SelectField(_l("New IRO"), validate_choice=False, default="")

    def __init__(self, *args, iros=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.iro_email.choices = [SelectChoice("", _l("Choose an IRO"))] + [
            SelectChoice(email, f"{name} ({email})") for email, name in iros
        ]


class ReconcileForm(FlaskForm):
    file = FileField(
        _l("903 file (CSV or XML)"),
        validators=[FileRequired(_l("Choose the 903 file to compare with My Say"))],
    )


def _words(text: str | None) -> dict[str, str]:
    """``their word = ours`` lines as a dict; a line without ``=`` is a mistake (ValueError)."""
    words: dict[str, str] = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        theirs, sep, ours = line.partition("=")
        if not sep or not theirs.strip() or not ours.strip():
            raise ValueError(line.strip())
        words[theirs.strip()] = ours.strip()
    return words


class WordsField(TextAreaField):
    """One ``their word = ours`` a line."""

    def pre_validate(self, form):
        try:
            self.words = _words(self.data)
        except ValueError as bad:
            raise ValidationError(
                _l("Write each line as their word = ours; this line has no =: %(line)s")
                % {"line": str(bad)[:40]}
            ) from None


class MappingForm(FlaskForm):
    name = StringField(
        _l("Name of this mapping"),
        validators=[
            InputRequired(_l("Give the mapping a name, like mosaic")),
            Length(max=80, message=_l("Keep the name under 80 characters")),
        ],
    )
    child_ref = StringField(_l("Their column for the child's case number (child_ref)"))
    date_of_birth = StringField(_l("Their column for the date of birth (date_of_birth)"))
    review_date = StringField(_l("Their column for the review date (review_date)"))
    team = StringField(_l("Their column for the team (optional)"))
    participation_code = StringField(_l("Their column for the participation code (optional)"))
    venue = StringField(_l("Their column for the venue (optional)"))
    child_last_seen_by_iro = StringField(
        _l("Their column for when the IRO last saw the child (optional)")
    )
    first_name = StringField(_l("Their column for the first name (optional)"))
    preferred_name = StringField(_l("Their column for the preferred name (optional)"))
    dates = SelectField(
        _l("How their dates are written"),
        choices=[
            SelectChoice("either", _l("2024-03-31 or 31/03/2024")),
            SelectChoice("dmy", _l("31/03/2024 only")),
            SelectChoice("iso", _l("2024-03-31 only")),
        ],
        default="either",
    )
    codes = WordsField(_l("Their words for participation codes, one a line: Attended = PN1"))
    venues = WordsField(_l("Their words for venues, one a line: Foster home = placement"))
    teams = WordsField(_l("Their team names, one a line: LAC Team North = North"))

    COLUMN_FIELDS = MAPPABLE

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name in ("child_ref", "date_of_birth", "review_date"):
            if not (self[name].data or "").strip():
                self[name].errors.append(_l("Give the name of their column for this"))
                ok = False
        return ok


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
