"""Staff sign-in. Children never sign in: their link is their key."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import account, routes, two_factor  # noqa: E402,F401
