"""The ``admin`` blueprint, on which this package's modules register their routes."""

from flask import Blueprint

bp = Blueprint("admin", __name__)
