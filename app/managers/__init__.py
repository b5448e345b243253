"""Managers: imports and reports."""

# Imported to register their routes on the blueprint.
from app.managers import caseloads, pack, routes  # noqa: F401
from app.managers.blueprint import bp

__all__ = ["bp"]
