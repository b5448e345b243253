"""A real Redis for the job tests (its own database number, flushed before and after), and a
worker run in the test's process until the queue is empty."""

from __future__ import annotations

import os

import pytest

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def redis_conn():
    """The machine's Redis, database 13, flushed before and after; skipped when none answers."""
    from redis import Redis
    from redis.exceptions import RedisError

    conn = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        conn.ping()
    except RedisError as error:
        reason = f"No Redis answers at {REDIS_URL} ({type(error).__name__}); .ci/run starts one"
        if os.environ.get("MYSAY_REQUIRE_REDIS"):  # CI: a missing Redis is a failure, not a skip
            pytest.fail(reason)
        pytest.skip(reason)
    conn.flushdb()
    yield conn
    conn.flushdb()


@pytest.fixture
def queue_redis(app, redis_conn):
    """``redis_conn``, with the app sending its jobs there."""
    app.config["REDIS_URL"] = REDIS_URL
    return redis_conn


def year_of_rows(rows: int) -> bytes:
    """A review-records CSV of ``rows`` reviews of different children, for big imports: the same
    file the import benchmark times (bench/import_large.py makes it)."""
    from bench.import_large import rows_csv

    return rows_csv(rows)


def work(conn) -> int:
    """Run every queued job, as `flask jobs worker --burst` does; how many ran."""
    from rq import SimpleWorker

    from app.domain.jobs.queue import QUEUE_NAME, rq_queue

    waiting = rq_queue(conn).count
    SimpleWorker([QUEUE_NAME], connection=conn).work(burst=True)
    return waiting
