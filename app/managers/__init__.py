"""Managers: imports, reports, the audit log and children's records (subject access, erasure)."""

from flask import Blueprint

bp = Blueprint("managers", __name__)

from app.managers import audit, caseloads, pack, privacy, routes  # noqa: E402,F401
