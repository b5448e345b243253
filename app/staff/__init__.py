"""The IRO's workspace: caseload, invitations, reading answers."""

# Imported to register their routes on the blueprint.
from app.staff import (  # noqa: F401
    alerts,
    letters,
    outcome,
    placement,
    record,
    routes,
    safety,
    send,
    themes,
)
from app.staff.blueprint import bp

__all__ = ["bp"]
