"""The IRO's workspace: caseload, invitations, reading answers."""

# Imported to register their routes on the blueprint.
from app.staff import alerts, letters, outcome, record, routes, send, themes  # noqa: F401
from app.staff.blueprint import bp

__all__ = ["bp"]
