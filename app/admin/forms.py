from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length


class UploadForm(FlaskForm):
    file = FileField(
        _l("Booklet file (YAML)"),
        validators=[FileRequired(_l("Choose a booklet file (.yaml) to upload"))],
    )


class PublishForm(FlaskForm):
    """Only the CSRF token: the draft to publish is in the address."""


ROLE_CHOICES = [
    SelectChoice("iro", _l("IRO")),
    SelectChoice("manager", _l("Manager")),
    SelectChoice("admin", _l("Admin (manager, and looks after staff accounts)")),
]


class InviteForm(FlaskForm):
    """A new member of staff: they choose their own password from the emailed link."""

    name = StringField(
        _l("Name"),
        filters=[lambda v: v.strip() if v else v],
        validators=[DataRequired(_l("Enter their name")), Length(max=120)],
    )
    email = EmailField(
        _l("Work email address"),
        filters=[lambda v: v.strip() if v else v],
        validators=[
            DataRequired(_l("Enter their work email address")),
            Length(max=254),
            Email(_l("Enter a real email address, like name@council.gov.uk")),
        ],
    )
    role = RadioField(_l("Role"), choices=ROLE_CHOICES, default="iro")
    team = SelectField(_l("Team"), choices=[], validate_choice=False)


class RoleForm(FlaskForm):
    role = RadioField(_l("Role"), choices=ROLE_CHOICES)


class ActionForm(FlaskForm):
    """Only the CSRF token: the account and the action are in the address."""
