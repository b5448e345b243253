from flask import render_template
from flask_login import login_required

from app.staff import bp


@bp.route("/")
@login_required
def caseload():
    """The IRO's children and their upcoming reviews."""
    return render_template("staff/caseload.html")
