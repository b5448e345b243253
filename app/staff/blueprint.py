"""The ``staff`` blueprint, on which this package's modules register their routes."""

from flask import Blueprint

bp = Blueprint("staff", __name__)
