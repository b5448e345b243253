"""The ``auth`` blueprint, on which this package's modules register their routes."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
