"""Long and scheduled work, run off the web request.

Owns the queue (RQ on Redis when ``REDIS_URL`` is set; otherwise the work runs at once in the
process that asked for it, so a single ``flask demo --serve`` still works alone), the job records
in the database with their progress and results (:class:`app.models.jobs.BackgroundJob`, which
also keeps an import waiting for its manager's confirmation), the tasks, which call the domain
functions of imports, the pack, messages and privacy, and the schedule RQ's cron runs them on.
"""
