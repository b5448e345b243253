"""A pooled connection is checked before use only after sitting idle (app/db_liveness.py): a
connection the database dropped while it sat in the pool is replaced, never shown to a child as an
error page, and a connection used a moment ago costs no extra round trip."""

import time

import pytest
from sqlalchemy import text

from app.config import TestConfig
from app.extensions import db
from tests.factories import make_app, make_invitation, tables

IDLE = 0.2


@pytest.fixture
def idle_app():
    with tables(make_app(DATABASE_PING_AFTER_IDLE_SECONDS=IDLE)) as app:
        yield app


@pytest.fixture
def pings(idle_app):
    count = []
    dialect = db.engine.dialect
    real = dialect.do_ping
    dialect.do_ping = lambda connection: count.append(1) or real(connection)
    yield count
    dialect.do_ping = real


@pytest.mark.skipif(
    not TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"),
    reason="SQLite has no server to drop a connection: TEST_DATABASE_URL runs this on PostgreSQL",
)
def test_a_connection_the_database_dropped_while_idle_is_replaced_not_an_error(idle_app, pings):
    link = make_invitation()
    client = idle_app.test_client()
    client.get(f"/b/{link.token}")
    assert client.get("/my-say/page/1").status_code == 200
    db.session.remove()
    # The server ends every other connection (a restart, a failover, an idle timeout).
    with db.engine.connect() as killer:
        killer.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    time.sleep(IDLE * 2)

    # Each request has its own app context and session (tests.factories.Client), so it takes a
    # connection from the pool and gives it back, as under gunicorn.
    assert [client.get("/my-say/page/1").status_code for _ in range(3)] == [200, 200, 200]
    assert pings, "the idle connection was not checked"


def test_a_connection_used_a_moment_ago_is_not_checked_again(idle_app, pings):
    link = make_invitation()
    client = idle_app.test_client()
    client.get(f"/b/{link.token}")
    db.session.remove()
    time.sleep(IDLE * 2)
    if db.engine.dialect.name == "sqlite":
        # A file, not a connection that a server can drop: never checked, idle or not.
        assert [client.get("/my-say/page/1").status_code for _ in range(20)] == [200] * 20
        assert pings == []
        return
    idle_connections = db.engine.pool.checkedin()

    assert [client.get("/my-say/page/1").status_code for _ in range(20)] == [200] * 20
    # Each connection that sat idle is checked once; after that, every page finds its
    # connection just used (before: a check for every page, 20).
    assert 1 <= len(pings) <= idle_connections < 20
    pings.clear()
    time.sleep(IDLE * 2)
    client.get("/my-say/page/1")
    assert len(pings) == 1
