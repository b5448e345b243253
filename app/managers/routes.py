from flask import render_template
from flask_login import login_required

from app.managers import bp


@bp.route("/")
@login_required
def index():
    """Reports and imports."""
    return render_template("managers/index.html")
