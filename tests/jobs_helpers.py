"""A real Redis for the job tests (its own database number, flushed before and after), and a
worker run in the test's process until the queue is empty."""

from __future__ import annotations

import pytest

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def queue_redis(app):
    """The machine's Redis, database 13, with the app sending its jobs there."""
    from redis import Redis
    from redis.exceptions import RedisError

    conn = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        conn.ping()
    except RedisError as error:
        pytest.skip(f"No Redis answers at {REDIS_URL} ({type(error).__name__}); .ci/run starts one")
    conn.flushdb()
    app.config["REDIS_URL"] = REDIS_URL
    yield conn
    conn.flushdb()


def work(conn) -> int:
    """Run every queued job, as `flask jobs worker --burst` does; how many ran."""
    from rq import SimpleWorker

    from app.domain.jobs.queue import QUEUE_NAME, rq_queue

    waiting = rq_queue(conn).count
    SimpleWorker([QUEUE_NAME], connection=conn).work(burst=True)
    return waiting
