"""Asking for work to be done: a job record, then RQ or, without Redis, at once in this process."""

from __future__ import annotations

import logging
import secrets

from flask import current_app

from app.domain.jobs.records import sweep
from app.domain.jobs.runner import run_job, run_queued
from app.extensions import db
from app.models.jobs import BackgroundJob

log = logging.getLogger(__name__)

QUEUE_NAME = "mysay"
# A 200,000-row import or a national year's PDF takes minutes on a busy machine, not hours.
JOB_TIMEOUT_SECONDS = 30 * 60


def redis_url() -> str:
    return current_app.config.get("REDIS_URL") or ""


def connection():
    """A Redis connection for RQ, or None when no Redis is configured."""
    url = redis_url()
    if not url:
        return None
    from redis import Redis

    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10)


def rq_queue(conn=None):
    from rq import Queue

    return Queue(QUEUE_NAME, connection=conn or connection())


def submit(kind: str, *, owner_id: int | None, steps: int, params=None, payload=None):
    """Record a job and start it: on an RQ worker, or (no Redis) here and now.

    Returns the job; without Redis it has already finished when this returns.
    """
    sweep()
    job = BackgroundJob(
        id=secrets.token_urlsafe(24),
        kind=kind,
        owner_id=owner_id,
        steps=steps,
        params=params or {},
        payload=payload,
    )
    db.session.add(job)
    db.session.commit()
    conn = connection()
    if conn is not None:
        from redis.exceptions import RedisError

        try:
            rq_queue(conn).enqueue(
                run_queued, job.id, job_id=job.id, job_timeout=JOB_TIMEOUT_SECONDS, result_ttl=3600
            )
            return db.session.get(BackgroundJob, job.id)
        except RedisError as error:
            # Redis is down: the manager waits longer for this page, but gets their result.
            log.warning("Redis unreachable (%s): job run in this process", type(error).__name__)
    run_job(job.id)
    return db.session.get(BackgroundJob, job.id)
