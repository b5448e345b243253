"""For load balancers and container orchestrators: /healthz says whether this server can serve."""

from app.health import routes  # noqa: F401  (registers the route on the blueprint)
from app.health.blueprint import bp

__all__ = ["bp"]
