"""How long the app takes to serve a child's booklet page, in-process, against a bare Flask page
of the same size, with and without the per-request translations cache (app/__init__.py).

Run: ``.venv/bin/python bench/booklet_page.py [--requests 300]``

Three apps in one process, measured in interleaved rounds (the minimum of each is kept, so a
busy shared machine hurts all three alike): My Say as built; My Say with Flask-Babel's own
template callables put back (one context, domain and locale lookup per string); and a bare
Flask app returning the same bytes. No server, no network: this is the app's own time.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _flask_babel_callables(app) -> None:
    from flask_babel import get_translations
    from jinja2.ext import _gettext_alias

    app.jinja_env.install_gettext_callables(
        gettext=lambda s: get_translations().ugettext(s),
        ngettext=lambda s, p, n: get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: get_translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.globals["_"] = _gettext_alias


def _booklet_client(app):
    from tests.factories import make_invitation

    link = make_invitation()
    client = app.test_client()
    client.get(f"/b/{link.token}")
    return client


def _time(client, path: str, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        client.get(path)
    return (time.perf_counter() - start) / n * 1000


def measure(requests: int, rounds: int = 5) -> dict[str, float]:
    from flask import Flask

    from tests.factories import make_app, tables

    cached, plain = make_app(), make_app()
    _flask_babel_callables(plain)
    with tables(cached):
        client = _booklet_client(cached)
        body = client.get("/my-say/page/1").data
    bare = Flask("bare")
    bare.add_url_rule("/", "page", lambda: body)
    bare_client = bare.test_client()
    results = {"cached": [], "flask_babel": [], "bare": []}

    def measure_rounds():
        # In a thread of its own, where no app context is held: each request pushes its own, with
        # its own g and database session, reading the invitation as under gunicorn (in the test
        # set-up's context, Flask would reuse it, and the invitation held on g from the first
        # request would never be read again).
        for _ in range(rounds):
            results["cached"].append(_time(cached_client, "/my-say/page/1", requests))
            results["flask_babel"].append(_time(plain_client, "/my-say/page/1", requests))
            results["bare"].append(_time(bare_client, "/", requests))

    with tables(cached):
        cached_client = _booklet_client(cached)
        with tables(plain):
            plain_client = _booklet_client(plain)
            thread = threading.Thread(target=measure_rounds)
            thread.start()
            thread.join()
    return {name: min(times) for name, times in results.items()} | {"bytes": len(body)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    m = measure(args.requests)
    print(f"booklet page 1 ({m['bytes']} bytes), ms per request, best of 5 rounds:")
    print(f"  My Say, translations cached per request: {m['cached']:.2f} ms")
    print(f"  My Say, Flask-Babel's callables:         {m['flask_babel']:.2f} ms")
    print(f"  bare Flask, same bytes:                  {m['bare']:.3f} ms")
    print(f"  cache saves {100 * (1 - m['cached'] / m['flask_babel']):.1f}% of a page's time")
    print(f"  booklet page speed / bare Flask page speed: {m['bare'] / m['cached']:.3f}x")


if __name__ == "__main__":
    main()
