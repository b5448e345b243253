"""The IRO's workspace: caseload, invitations, reading answers."""

from flask import Blueprint

bp = Blueprint("staff", __name__)

# Imported to register their routes.
from app.staff import alerts, letters, outcome, record, routes, safety, send, themes  # noqa: E402,F401
