"""The children's booklet: no account, a link or short code is the key."""

# Imported to register their routes on the blueprint.
from app.booklet import (  # noqa: F401
    drafts,
    fragments,
    help,
    language,
    media,
    own_copy,
    pages,
    rescue,
    routes,
    urgent,
)
from app.booklet.blueprint import bp

__all__ = ["bp"]
