from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address")),
            Email(_l("Enter a real email address, like name@council.gov.uk")),
        ],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password"))])
