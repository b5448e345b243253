"""Requests per second under gunicorn (2 workers): a child's booklet page beside a bare Flask
page of the same size, served the same way in the same run, at 10, 50 and 200 clients.

Run: ``.venv/bin/python bench/load.py [--seconds 5] [--database postgresql://...]``

The clients are Python threads with keep-alive connections on the same machine, so they take
CPU from the server: the ratio ours / bare is the honest figure, not the absolute numbers.
Budget: the booklet page at least 0.10 of the bare page's rate (main measured 0.04 to 0.07).
"""

from __future__ import annotations

import argparse
import http.client
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live import demo_database, gunicorn  # noqa: E402

CLIENTS = (10, 50, 200)
# Issue 13: booklet pages at 0.25 times the bare page's rate or better, in the same run.
BUDGET_RATIO = 0.25


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
        headers = {"Cookie": cookie, "Accept-Encoding": "gzip"} if cookie else {}
        while time.perf_counter() < stop:
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
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


def measure(seconds: float, database: str | None = None) -> dict:
    env, links = demo_database(database)
    results = {}
    with gunicorn("wsgi:app", env) as ours, gunicorn("bench.bare_app:app", env) as bare:
        cookie = _cookie(ours, links[0])
        for clients in CLIENTS:
            booklet = rate(ours, "/my-say/page/1", clients, seconds, cookie)
            baseline = rate(bare, "/", clients, seconds)
            results[clients] = (booklet, baseline)
    return results


def report(results: dict, label: str = "SQLite") -> list[str]:
    lines = []
    for clients, (booklet, baseline) in results.items():
        ratio = booklet / baseline if baseline else 0
        met = "MET" if ratio >= BUDGET_RATIO else "MISSED"
        lines.append(
            f"{label}, {clients} clients: booklet page {booklet:.0f}/s, bare Flask {baseline:.0f}/s,"
            f" ratio {ratio:.3f} (budget >= {BUDGET_RATIO}: {met})"
        )
    return lines


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--database")
    args = parser.parse_args()
    label = "PostgreSQL" if args.database else "SQLite"
    print("\n".join(report(measure(args.seconds, args.database), label)))
