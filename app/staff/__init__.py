"""The IRO's workspace: caseload, invitations, reading answers."""

from flask import Blueprint

bp = Blueprint("staff", __name__)

from app.staff import alerts, letters, routes, themes  # noqa: E402,F401  (register their routes)
