"""gunicorn's settings for My Say (``gunicorn -c gunicorn.conf.py wsgi:app``); env overrides.

Logs are JSON lines on stdout/stderr. The access log has no path and no client address: a
booklet link carries a child's secret token, and addresses are personal data.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 9)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Long work goes to RQ workers; a request that takes longer than this is a fault.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker restarted now and then gives back memory a big page may have taken.
max_requests = 2000
max_requests_jitter = 200
# The app is made once in the master and the workers are forks of it (app/preload.py): a worker
# started or restarted serves at once, instead of importing the app for 2 to 3 s of CPU.
preload_app = True
# Only the proxy in front may say which scheme the client used (see PROXY_FIX_* in the README).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", "method": "%(m)s", '
    '"status": "%(s)s", "bytes": "%(B)s", "ms": "%(M)s"}'
)
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        # The access line is JSON already (access_log_format above).
        "plain": {"format": "%(message)s"},
    },
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        },
    },
    # gunicorn merges this over its defaults, whose root logger names a handler replaced here.
    # Libraries' chatter (alembic, WeasyPrint's progress) stays below WARNING; the app's own
    # loggers ("app.*") are set by create_app from LOG_LEVEL.
    "root": {"level": "WARNING", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}


def when_ready(server):
    """Before the first fork: what every worker would otherwise do on its first requests."""
    app = server.app.wsgi()
    if "mysay_create_app" in getattr(app, "extensions", {}):  # not bench/bare_app.py
        from app import preload

        preload.warm(app)
    # Objects made before the fork are left out of the workers' garbage collections: a full
    # collection no longer walks the app's imported objects, nor writes to the memory pages the
    # workers share with the master.
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    app = worker.app.wsgi()
    if "sqlalchemy" in getattr(app, "extensions", {}):
        from app.preload import after_fork

        after_fork(app)
