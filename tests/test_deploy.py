"""Running it for real: /healthz, cached and compressed static files, JSON logs, and the
container files (compose.yaml parsed; built and started only where a Docker daemon answers)."""

from __future__ import annotations

import gzip
import json
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from app.static_files import compact_css
from tests.factories import make_app, make_invitation

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "not configured"}


def test_healthz_fails_with_503_when_the_database_is_down():
    # Nothing listens on port 1: the database is down as far as this server can tell.
    app = make_app(
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/mysay",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}},
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_healthz_fails_when_the_configured_redis_is_down(app, client):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unreachable"


def test_static_files_carry_their_hash_and_are_cached_for_a_year(client):
    page = client.get("/staff/sign-in")
    href = page.page.select_one('link[rel="stylesheet"]')["href"]
    assert re.fullmatch(r"/static/css/app\.css\?v=[0-9a-f]{16}", href), href
    css = client.get(href)
    assert css.status_code == 200
    assert "immutable" in css.headers["Cache-Control"]
    assert "max-age=31536000" in css.headers["Cache-Control"]
    # Without the current hash (an old page's URL) the browser must check again.
    stale = client.get("/static/css/app.css?v=0000000000000000")
    assert "no-cache" in stale.headers["Cache-Control"]
    assert "immutable" not in stale.headers["Cache-Control"]


def test_a_booklet_page_fetches_one_stylesheet_and_one_script(app, client):
    link = make_invitation()
    client.get(f"/b/{link.token}")
    page = client.get("/my-say/page/1").page
    sheets = [tag["href"] for tag in page.select('link[rel="stylesheet"]')]
    scripts = [tag["src"] for tag in page.select("script[src]")]
    assert len(sheets) == 1, sheets
    assert len(scripts) == 1, scripts
    assert re.fullmatch(r"/static/bundle/booklet\.css\?v=[0-9a-f]{16}", sheets[0]), sheets[0]
    css = client.get(sheets[0])
    assert css.status_code == 200
    assert css.mimetype == "text/css"
    assert "max-age=31536000" in css.headers["Cache-Control"]
    assert "immutable" in css.headers["Cache-Control"]
    # A policy is for pages; the stylesheet keeps "nosniff".
    assert "Content-Security-Policy" not in css.headers
    assert css.headers["X-Content-Type-Options"] == "nosniff"
    # The three stylesheets a booklet page linked before, in their order, without comments.
    static = ROOT / "app" / "static" / "css"
    sources = [(static / n).read_text() for n in ("app.css", "booklet.css", "booklet_targets.css")]
    text = css.get_data(as_text=True)
    assert text == compact_css("\n".join(sources)).decode()
    assert ".booklet .brand {" in text and "--brand: #4b2a85;" in text
    assert "/*" not in text  # the comments stay in the source files
    # An old page's URL (another hash) is served, but the browser must check it again.
    stale = client.get("/static/bundle/booklet.css?v=0000000000000000")
    assert stale.status_code == 200
    assert "no-cache" in stale.headers["Cache-Control"]
    assert "immutable" not in stale.headers["Cache-Control"]
    assert client.get("/static/bundle/other.css").status_code == 404
    # The script the same way: its hash, a year, and the source's code without its comments.
    assert re.fullmatch(r"/static/bundle/booklet\.js\?v=[0-9a-f]{16}", scripts[0]), scripts[0]
    js = client.get(scripts[0])
    assert js.mimetype == "text/javascript" and "immutable" in js.headers["Cache-Control"]
    source = (ROOT / "app" / "static" / "js" / "booklet.js").read_text()
    code = [line.strip() for line in source.splitlines()]
    code = [line for line in code if line and not line.startswith("//")]
    assert js.get_data(as_text=True).splitlines() == code
    assert len(js.data) < 0.75 * len(source.encode())


def test_pages_are_still_never_cached(client):
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_a_favicon_is_served(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/x-icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_and_static_files_are_compressed_for_browsers_that_ask(client):
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") == "gzip"
    assert b"My Say" in gzip.decompress(page.data)
    href = client.get("/").page.select_one('link[rel="stylesheet"]')["href"]
    css = client.get(href, headers={"Accept-Encoding": "gzip"})
    assert css.headers.get("Content-Encoding") == "gzip"


def test_logs_are_json_lines_when_asked(capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        app = make_app(LOG_FORMAT="json")
        with app.app_context():
            app.logger.error("Unhandled %s at %s %s", "ValueError", "POST", "/managers/import")
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
    record = json.loads(line)
    assert record["level"] == "ERROR"
    assert record["message"] == "Unhandled ValueError at POST /managers/import"
    assert {"time", "logger"} <= set(record)


# The container files


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_compose_has_every_service_with_a_healthcheck():
    services = compose()["services"]
    assert {"web", "worker", "scheduler", "db", "redis", "migrate"} <= set(services)
    for name in ("web", "worker", "scheduler", "db", "redis"):
        assert services[name].get("healthcheck", {}).get("test"), name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["db"]["image"].startswith("postgres:")
    assert services["redis"]["image"].startswith("redis:")


def test_compose_applies_the_migrations_before_the_app_and_workers_start():
    services = compose()["services"]
    assert services["migrate"]["command"] == ["flask", "--app", "wsgi", "db", "upgrade"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "scheduler"):
        assert (
            services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        )
    assert services["worker"]["command"][-2:] == ["jobs", "worker"]
    assert services["scheduler"]["command"][-2:] == ["jobs", "scheduler"]
    assert "gunicorn.conf.py" in services["web"]["command"]
    env = services["web"]["environment"]
    assert env["MYSAY_ENV"] == "production"
    assert env["REDIS_URL"].startswith("redis://redis:")
    assert env["DATABASE_URL"].startswith("postgresql://")


def test_the_image_has_fonts_for_every_script_in_pdfs_and_compiled_catalogues():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "fonts-noto-core" in dockerfile and "fonts-noto-extra" in dockerfile
    assert "--require-hashes" in dockerfile
    # .mo files are never committed: without this a container would speak English only.
    assert "from app.domain.translations import compile_catalogues" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not any(line.strip("/").startswith("translations") for line in ignored)


def _docker_answers() -> bool:
    if not shutil.which("docker"):
        return False
    return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0


@pytest.mark.slow
def test_compose_builds_and_serves_healthz():
    if not _docker_answers():
        pytest.skip("No Docker daemon answers here: the compose file is checked by parsing only")
    project = ["docker", "compose", "-p", "mysay-test", "-f", str(ROOT / "compose.yaml")]
    try:
        subprocess.run([*project, "up", "-d", "--build", "--wait"], check=True, timeout=1800)
        check = subprocess.run(
            [
                *project,
                "exec",
                "-T",
                "web",
                "python",
                "-c",
                "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:8000/healthz').read().decode())",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        assert json.loads(check.stdout) == {"status": "ok", "database": "ok", "redis": "ok"}
    finally:
        subprocess.run([*project, "down", "-v"], timeout=300)


def test_a_booklet_page_reads_the_database_once_or_twice_and_a_save_adds_its_writes(app, client):
    # The invitation (with its review and booklet version), then its answers: one query on
    # PostgreSQL, two on SQLite (app/booklet/access.py); a save adds its writes. A helper that
    # reads the invitation again, or the answers twice, shows here.
    from sqlalchemy import event

    from app.extensions import db

    link = make_invitation()
    client.get(f"/b/{link.token}")
    client.get("/my-say/page/1")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get("/my-say/page/1").status_code == 200
        reads = len(statements)
        statements_seen = list(statements)
        statements.clear()
        form = {"home_feel": "happy", "home_safe": "yes", "action": "next"}
        page = client.get("/my-say/page/1").page
        form |= {
            f: page.select_one(f'input[name="{f}"]')["value"] for f in ("csrf_token", "resume")
        }
        statements.clear()
        saved = client.post("/my-say/page/1", data=form)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    expected = 2 if db.engine.dialect.name == "sqlite" else 1
    assert reads == expected, statements_seen  # no read for drawings on a page without one
    assert saved.status_code == 302
    writes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert len(writes) >= 1
    assert len(statements) - len(writes) == expected  # the same reads


def test_a_sqlite_file_keeps_a_write_ahead_log_and_syncs_every_commit(file_app):
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
