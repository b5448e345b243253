"""The children's booklet: no account, a link or short code is the key."""

# Imported to register their routes on the blueprint.
from app.booklet import drafts, help, language, pages, rescue, routes, urgent  # noqa: F401
from app.booklet.blueprint import bp

__all__ = ["bp"]
