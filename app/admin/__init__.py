"""Admin: booklet versions (upload, preview, publish) and, for admins, staff accounts."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from app.admin import routes, staff  # noqa: E402,F401
