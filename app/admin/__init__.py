"""Admin: upload, preview and publish booklet versions."""

# Imported to register their routes on the blueprint.
from app.admin import routes  # noqa: F401
from app.admin.blueprint import bp

__all__ = ["bp"]
