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


def fresh_booklets(env: dict, count: int) -> list[tuple[int, str]]:
    """``count`` new invitations, one per new upcoming review of the demo's children, each with
    its own link: (invitation id, link path), so that each saving client has a booklet of its own."""
    out = subprocess.run(
        [PYTHON, "-m", "bench.live", "fresh-booklets", str(count)],
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [(int(i), path) for i, path in (line.split() for line in out.splitlines())]


def _make_fresh_booklets(count: int) -> None:
    from datetime import date, timedelta

    from flask import url_for

    from app import create_app
    from app.domain.booklets.definitions import latest_version
    from app.domain.invitations import links as invitations
    from app.extensions import db
    from app.models import Child, Review

    app = create_app()
    with app.test_request_context():
        version = latest_version("middle")
        children = db.session.execute(db.select(Child).order_by(Child.id)).scalars().all()
        made = []
        for n in range(count):
            child = children[n % len(children)]
            review = Review(
                review_date=date.today() + timedelta(days=30 + n),
                review_type="subsequent",
                team=child.team,
            )
            child.reviews.append(review)
            db.session.flush()
            invitation, token, _code = invitations.create(review, version, language="en")
            made.append((invitation, token))
        db.session.commit()
        for invitation, token in made:
            print(invitation.id, url_for("booklet.open_link", token=token))


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


if __name__ == "__main__" and sys.argv[1:2] == ["fresh-booklets"]:
    _make_fresh_booklets(int(sys.argv[2]))
