"""Admin: booklet versions (upload, preview, publish) and, for admins, staff accounts."""

# Imported to register their routes on the blueprint.
from app.admin import routes, staff  # noqa: F401
from app.admin.blueprint import bp

__all__ = ["bp"]
