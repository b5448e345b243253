from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class UploadForm(FlaskForm):
    file = FileField(
        _l("Booklet file (YAML)"),
        validators=[FileRequired(_l("Choose a booklet file (.yaml) to upload"))],
    )


class PublishForm(FlaskForm):
    """Only the CSRF token: the draft to publish is in the address."""
