"""Staff sign-in. Children never sign in: their link is their key."""

# Imported to register their routes on the blueprint.
from app.auth import account, routes, two_factor  # noqa: F401
from app.auth.blueprint import bp

__all__ = ["bp"]
