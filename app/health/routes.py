from flask import current_app, jsonify
from sqlalchemy import text

from app.extensions import db, limiter
from app.health.blueprint import bp


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as error:  # any failure to reach it means this server cannot serve
        db.session.rollback()
        current_app.logger.error("healthz: database unreachable (%s)", type(error).__name__)
        return "unreachable"


def _redis() -> str:
    from app.domain.jobs.queue import connection

    try:
        conn = connection()
    except Exception:
        return "unreachable"
    if conn is None:
        return "not configured"
    try:
        conn.ping()
        return "ok"
    except Exception as error:
        current_app.logger.error("healthz: Redis unreachable (%s)", type(error).__name__)
        return "unreachable"


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {"database": _database(), "redis": _redis()}
    healthy = all(value in ("ok", "not configured") for value in checks.values())
    return jsonify(status="ok" if healthy else "unavailable", **checks), 200 if healthy else 503
