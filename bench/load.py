"""Requests per second under gunicorn (2 workers): a child's booklet page beside a bare Flask
page of the same size, served the same way in the same run, at 10, 50 and 200 clients.

Run: ``.venv/bin/python bench/load.py [--seconds 5] [--database postgresql://...]``

The clients are Python threads with keep-alive connections on the same machine, so they take
CPU from the server: the ratio ours / bare is the honest figure, not the absolute numbers.
Budget: the booklet page at least 0.25 of the bare page's rate (main measured 0.04 to 0.07).

Then saving: 50 clients, each with a booklet of its own, post page 1 (save and go on) once a
second each, starting spread over the first second (50 saves a second offered; a child takes far
longer over a page); every save's time is kept. Clients posting back to back instead would only
measure the queue: with 2 workers, 50 waiting clients make any save wait for 25 others. Budget: p99 under 100 ms, no errors, and no lost saves: the
database is read afterwards, and each booklet must hold the answer its client last saved.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live import demo_database, fresh_booklets, gunicorn  # noqa: E402

CLIENTS = (10, 50, 200)
# Issue 13: booklet pages at 0.25 times the bare page's rate or better, in the same run.
BUDGET_RATIO = 0.25
SAVE_CLIENTS = 50
SAVE_INTERVAL = 1.0  # seconds between one client's saves
BUDGET_SAVE_P99_MS = 100
# Page 1 of the "middle" booklet: two choices, none of them a worry, so no alert is raised.
SAVE_CHOICES = ("happy", "ok")


def _cookie(base: str, link: str) -> str:
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    conn.request("GET", link)
    response = conn.getresponse()
    response.read()
    return "; ".join(
        value.split(";", 1)[0] for name, value in response.getheaders() if name == "Set-Cookie"
    )


def rate(base: str, path: str, clients: int, seconds: float, cookie: str = "") -> float:
    """Completed 200 responses per second with ``clients`` clients asking as fast as they can."""
    host = urlsplit(base)
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        # Each client keeps the cookies it is given, as a phone's browser does: the first page
        # adds its form's token to the session, and a browser sends that back from then on.
        jar = dict(part.partition("=")[::2] for part in cookie.split("; ")) if cookie else {}
        while time.perf_counter() < stop:
            headers = {"Cookie": _cookie_header(jar), "Accept-Encoding": "gzip"} if jar else {}
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                _keep_cookies(jar, response)
                if response.status == 200:
                    done[i] += 1
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - start)


def _keep_cookies(jar: dict, response) -> None:
    for name, value in response.getheaders():
        if name == "Set-Cookie":
            key, _, rest = value.split(";", 1)[0].partition("=")
            jar[key] = rest


def _cookie_header(jar: dict) -> str:
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def saves(base: str, booklets: list[tuple[int, str]], seconds: float) -> dict:
    """Each client opens its own booklet, then posts page 1 again and again for ``seconds``."""
    host = urlsplit(base)
    times: list[float] = []
    errors = [0]
    last_saved: dict[int, str] = {}
    lock = threading.Lock()
    ready = threading.Barrier(len(booklets) + 1)
    stop = [0.0]

    def client(index: int, invitation_id: int, link: str) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        jar: dict = {}

        def ask(method, path, body=None):
            nonlocal conn
            headers = {"Cookie": _cookie_header(jar)}
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
                return None, b""
            _keep_cookies(jar, response)
            return response.status, data

        ask("GET", link)
        _status, page = ask("GET", "/my-say/page/1")
        fields = dict(re.findall(rb'name="(csrf_token|resume)" value="([^"]+)"', page))
        ready.wait()
        n = 0
        next_save = time.perf_counter() + SAVE_INTERVAL * index / len(booklets)
        while True:
            time.sleep(max(0.0, next_save - time.perf_counter()))
            next_save += SAVE_INTERVAL
            if time.perf_counter() >= stop[0]:
                break
            choice = SAVE_CHOICES[n % 2]
            n += 1
            body = urlencode(
                {
                    "csrf_token": fields.get(b"csrf_token", b"").decode(),
                    "resume": fields.get(b"resume", b"").decode(),
                    "home_feel": choice,
                    "home_safe": "yes",
                    "action": "next",
                }
            )
            started = time.perf_counter()
            status, _data = ask("POST", "/my-say/page/1", body)
            took = time.perf_counter() - started
            with lock:
                times.append(took)
                if status == 302:
                    last_saved[invitation_id] = choice
                else:
                    errors[0] += 1

    threads = [
        threading.Thread(target=client, args=(i, *booklet)) for i, booklet in enumerate(booklets)
    ]
    for t in threads:
        t.start()
    stop[0] = time.perf_counter() + seconds + 5  # set before the barrier lets anyone post
    ready.wait()
    stop[0] = time.perf_counter() + seconds
    for t in threads:
        t.join()
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] * 1000 if times else 0
    return {"saves": len(times), "errors": errors[0], "p99_ms": p99, "last": last_saved}


def lost_saves(env: dict, last_saved: dict[int, str]) -> tuple[int, int]:
    """(answers in the database for the saving booklets, booklets whose last save is missing)."""
    import os

    from sqlalchemy import create_engine, text

    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    from app.config import _database_url

    engine = create_engine(_database_url(env["DATABASE_URL"]))
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT invitation_id, question_key, CAST(value AS TEXT) FROM answer"),
        ).all()
    engine.dispose()
    held = {}
    count = 0
    for invitation_id, key, value in rows:
        if invitation_id in last_saved:
            count += 1
            if key == "home_feel":
                held[invitation_id] = json.loads(value)
    lost = sum(1 for i, choice in last_saved.items() if held.get(i) != choice)
    return count, lost


def measure(seconds: float, database: str | None = None) -> dict:
    env, links = demo_database(database)
    results = {}
    with gunicorn("wsgi:app", env) as ours, gunicorn("bench.bare_app:app", env) as bare:
        cookie = _cookie(ours, links[0])
        for clients in CLIENTS:
            booklet = rate(ours, "/my-say/page/1", clients, seconds, cookie)
            baseline = rate(bare, "/", clients, seconds)
            results[clients] = (booklet, baseline)
        booklets = fresh_booklets(env, SAVE_CLIENTS)
        saved = saves(ours, booklets, seconds)
    saved["answers"], saved["lost"] = lost_saves(env, saved["last"])
    saved["booklets"] = len(booklets)
    results["save"] = saved
    return results


def report(results: dict, label: str = "SQLite") -> list[str]:
    lines = []
    saved = results.pop("save", None)
    for clients, (booklet, baseline) in results.items():
        ratio = booklet / baseline if baseline else 0
        met = "MET" if ratio >= BUDGET_RATIO else "MISSED"
        lines.append(
            f"{label}, {clients} clients: booklet page {booklet:.0f}/s, bare Flask {baseline:.0f}/s,"
            f" ratio {ratio:.3f} (budget >= {BUDGET_RATIO}: {met})"
        )
    if saved is not None:
        met = (
            saved["p99_ms"] < BUDGET_SAVE_P99_MS
            and saved["errors"] == 0
            and saved["lost"] == 0
            and saved["saves"] > 0
        )
        lines.append(
            f"{label}, saving page 1, {saved['booklets']} clients each with its own booklet:"
            f" one save a second each, {saved['saves']} saves, p99 {saved['p99_ms']:.0f} ms, {saved['errors']} errors;"
            f" afterwards {saved['answers']} answers in the database, {saved['lost']} booklets"
            f" missing their last save (budget p99 < {BUDGET_SAVE_P99_MS} ms, no errors,"
            f" none lost: {'MET' if met else 'MISSED'})"
        )
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database")
    args = parser.parse_args()
    label = "PostgreSQL" if args.database else "SQLite"
    print("\n".join(report(measure(args.seconds, args.database), label)))
