from flask import render_template

from app.booklet import bp


@bp.route("/")
def start():
    """Start page: type the short code from your letter."""
    return render_template("booklet/start.html")
