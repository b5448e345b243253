"""Managers: imports and reports."""

from flask import Blueprint

bp = Blueprint("managers", __name__)

from app.managers import caseloads, pack, routes  # noqa: E402,F401
