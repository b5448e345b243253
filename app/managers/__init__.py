"""Managers: imports, reports, the audit log and children's records (subject access, erasure)."""

# Imported to register their routes on the blueprint.
from app.managers import audit, caseloads, jobs, pack, privacy, routes  # noqa: F401
from app.managers.blueprint import bp

__all__ = ["bp"]
