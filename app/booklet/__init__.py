"""The children's booklet: no account, a link or short code is the key."""

from flask import Blueprint

bp = Blueprint("booklet", __name__)

from app.booklet import drafts, pages, rescue, routes, urgent  # noqa: E402,F401
