"""Shared by the page-weight and load benchmarks: a demo database in a temporary SQLite file (or
the PostgreSQL in --database), the app under gunicorn on it, and a booklet link from the demo."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_database(database: str | None = None) -> tuple[dict, list[str]]:
    """The environment for a demo database, and the booklet links the demo printed."""
    workdir = Path(tempfile.mkdtemp(prefix="mysay-bench-"))
    env = os.environ | {
        "MYSAY_ENV": "development",
        "DATABASE_URL": database or f"sqlite:///{workdir / 'bench.sqlite'}",
        "MYSAY_DATA_KEY_FILE": str(workdir / "data.key"),
        "SECRET_KEY": "bench-only-secret-bench-only-secret-xx",
    }
    from cryptography.fernet import Fernet

    (workdir / "data.key").write_text(Fernet.generate_key().decode())
    out = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    links = re.findall(r"booklet: (http://\S+/b/\S+)", out)
    return env, [re.sub(r"^http://127\.0\.0\.1:\d+", "", link) for link in links]


@contextmanager
def gunicorn(app: str, env: dict, workers: int = 2):
    """``app`` (a module:variable) under gunicorn with our config; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            app,
        ],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.25)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def machine() -> str:
    import platform

    cpus = os.cpu_count()
    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        mem = 0
    return f"{platform.node()}: {platform.processor() or platform.machine()}, {cpus} CPUs, {mem:.1f} GB, Python {platform.python_version()}"
