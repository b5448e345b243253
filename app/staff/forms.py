from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import AnyOf, InputRequired

RESPONDENTS = ("child", "parent", "carer")


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
