from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, Regexp


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        filters=[lambda value: value.strip() if value else value],
        validators=[
            DataRequired(_l("Enter your email address")),
            Email(_l("Enter a real email address, like name@council.gov.uk")),
        ],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])


class DetailsForm(FlaskForm):
    """What a child's letter says about the member of staff who sends it."""

    name = StringField(
        _l("Your name"),
        validators=[
            DataRequired(_l("Enter your name")),
            Length(max=120, message=_l("Your name must be 120 characters or fewer")),
        ],
    )
    phone = StringField(
        _l("Work phone number (optional)"),
        validators=[
            Optional(),
            Length(max=40, message=_l("The phone number must be 40 characters or fewer")),
            Regexp(
                r"^\+?[0-9 ()-]{6,}$",
                message=_l("Enter a phone number using digits and spaces, like 01632 960 123"),
            ),
        ],
    )
    photo = FileField(_l("Photo for children's letters (optional)"))
    remove_photo = BooleanField(_l("Remove my photo"))


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Enter the 6-digit code from your app, or a recovery code")),
            Length(max=40, message=_l("Enter the 6-digit code from your app, or a recovery code")),
        ],
    )


class NewPasswordForm(FlaskForm):
    """Choosing a password from an emailed one-time link."""

    new = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Enter a new password")),
            Length(min=12, message=_l("The new password must be at least 12 characters")),
            Length(max=200, message=_l("The new password must be 200 characters or fewer")),
        ],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(_l("Enter the new password again")),
            EqualTo("new", message=_l("The two new passwords are not the same")),
        ],
    )


class PasswordForm(NewPasswordForm):
    """Changing your own password: the current one first."""

    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password"))]
    )
