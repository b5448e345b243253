"""The ``health`` blueprint, on which routes.py registers /healthz."""

from flask import Blueprint

bp = Blueprint("health", __name__)
