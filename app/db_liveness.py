"""A pooled database connection is checked before use only when it has sat idle a while.

SQLAlchemy's ``pool_pre_ping`` asks the database on every checkout, a round trip per request: a
tenth of a booklet page's time on PostgreSQL under load (bench/load.py). A connection used a moment
ago is alive unless the server went away in that moment, and then it is most likely still away
and a ping would fail too. So a connection is pinged only when it has been back in the pool for
longer than ``DATABASE_PING_AFTER_IDLE_SECONDS``; a failed ping discards it and the pool connects
afresh, through SQLAlchemy's documented way for a checkout event to report a dead connection
(``DisconnectionError``, retried by the pool). SQLAlchemy has no "ping when idle" option of its
own, hence these few lines. SQLite is a file, never a lost connection: it is not pinged.
"""

from __future__ import annotations

import time

from flask import Flask
from sqlalchemy import Engine, event, exc

from app.extensions import db

# record.info key: when the connection was last handed back to the pool (or made).
IDLE_SINCE = "mysay_idle_since"


def ping_when_idle(engine: Engine, after_seconds: float) -> None:
    if engine.dialect.name == "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _made(dbapi_connection, record):
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _back(dbapi_connection, record):
        record.info[IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, proxy):
        since = record.info.get(IDLE_SINCE)
        if since is not None and time.monotonic() - since < after_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            raise exc.DisconnectionError("the database connection was lost") from error


def init_app(app: Flask) -> None:
    with app.app_context():
        for engine in db.engines.values():
            ping_when_idle(engine, app.config["DATABASE_PING_AFTER_IDLE_SECONDS"])
