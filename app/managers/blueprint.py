"""The ``managers`` blueprint, on which this package's modules register their routes."""

from flask import Blueprint

bp = Blueprint("managers", __name__)
