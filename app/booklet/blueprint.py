"""The ``booklet`` blueprint, on which this package's modules register their routes."""

from flask import Blueprint

bp = Blueprint("booklet", __name__)
