"""Issue 11, gap 3: rate limits shared through Redis, keyed on the real client behind a proxy, and
neither a 500 nor unlimited guessing when Redis is down."""

import os

import pytest

from app.config import ProductionConfig, UnsafeConfig, check_production
from app.extensions import limiter
from tests.factories import make_app, tables

REDIS_DB = 11  # this suite's own database number on the shared Redis
REDIS_URI = f"redis://127.0.0.1:6379/{REDIS_DB}"
NOBODY_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connection refused at once


def redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URI, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("CI runs the rate-limit tests on the Redis at 127.0.0.1:6379")
        pytest.skip("no Redis answers at 127.0.0.1:6379")
    client.flushdb()
    return client


def limited_app(tmp_path, uri, **extra):
    limiter._storage_dead = False  # one Limiter serves every app the suite makes
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=uri, **extra)
    with tables(app):
        yield app


def guess_codes(client, times, **headers):
    return [
        client.post("/", data={"code": "ZZZ-ZZZ"}, headers=headers).status_code
        for _ in range(times)
    ]


def test_tries_are_counted_in_redis_and_shared_by_every_worker(tmp_path):
    redis_client = redis_or_skip()
    for app in limited_app(tmp_path, REDIS_URI):
        # Two test clients stand for two gunicorn workers: their counts are the same ones.
        first, second = app.test_client(), app.test_client()
        assert guess_codes(first, 5) == [400] * 5
        assert guess_codes(second, 5) == [400] * 5
        assert guess_codes(first, 1) == [429]
        assert redis_client.keys("*"), "nothing was counted in Redis"
    redis_client.flushdb()


def test_with_redis_down_each_worker_still_limits_and_nothing_is_a_500(tmp_path):
    for app in limited_app(tmp_path, NOBODY_LISTENS):
        client = app.test_client()
        statuses = guess_codes(client, 12)
        assert 500 not in statuses
        assert statuses[:10] == [400] * 10 and statuses[10:] == [429, 429]
        page = client.post("/", data={"code": "ZZZ-ZZZ"})
        assert page.status_code == 429


def test_behind_a_trusted_proxy_each_child_is_counted_apart(tmp_path):
    for app in limited_app(tmp_path, "memory://", PROXY_FIX_X_FOR=1):
        client = app.test_client()
        assert guess_codes(client, 10, **{"X-Forwarded-For": "203.0.113.1"}) == [400] * 10
        assert guess_codes(client, 1, **{"X-Forwarded-For": "203.0.113.1"}) == [429]
        # Another phone behind the same proxy is not locked out by the first one's guesses.
        assert guess_codes(client, 1, **{"X-Forwarded-For": "203.0.113.2"}) == [400]


def test_without_a_proxy_a_forged_header_does_not_reset_the_count(tmp_path):
    for app in limited_app(tmp_path, "memory://"):
        client = app.test_client()
        for n in range(10):
            client.post("/", data={"code": "ZZZ"}, headers={"X-Forwarded-For": f"198.51.100.{n}"})
        assert guess_codes(client, 1, **{"X-Forwarded-For": "198.51.100.99"}) == [429]


def test_production_counts_in_redis():
    assert ProductionConfig.RATELIMIT_STORAGE_URI.startswith("redis://")
    settings = {"ENV_NAME": "production", "SECRET_KEY": "x" * 40, "DATA_KEYS": ["k"]}
    with pytest.raises(UnsafeConfig, match="RATELIMIT_STORAGE_URI"):
        check_production(settings | {"RATELIMIT_STORAGE_URI": "memory://"})
    check_production(settings | {"RATELIMIT_STORAGE_URI": REDIS_URI})
