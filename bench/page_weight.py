"""What a child's phone downloads: the start page and the first booklet page in Debian's
Chromium at 360×640, counting requests and bytes on the wire (compressed), with budgets.

Run: ``.venv/bin/python bench/page_weight.py`` (gunicorn on a demo database; no JavaScript
needed by the pages, so it is measured with JavaScript on as a phone would have it).
Budget: the first booklet page at most 10 KB on the wire in at most 3 requests.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live import demo_database, gunicorn  # noqa: E402

BUDGET_BYTES = 10 * 1024
BUDGET_REQUESTS = 3


def _weigh(page, url: str) -> tuple[int, int, list[str]]:
    sizes: list[int] = []
    names: list[str] = []

    def on_finished(request):
        sizes_ = request.sizes()
        sizes.append(sizes_["responseBodySize"] + sizes_["responseHeadersSize"])
        path = request.url.split("/", 3)[-1].split("?")[0]
        # A booklet link's token is a secret: name the request, not the link.
        names.append("b/<token>" if path.startswith("b/") else "/" + path)

    page.on("requestfinished", on_finished)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(500)  # the favicon comes after load
    page.remove_listener("requestfinished", on_finished)
    return len(sizes), sum(sizes), names


def measure() -> dict:
    from playwright.sync_api import sync_playwright

    env, links = demo_database()
    with gunicorn("wsgi:app", env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
        page = context.new_page()
        start = _weigh(page, base + "/")
        page.goto(base + links[0])  # the link opens the welcome page and sets the cookie
        page.goto(base + "/")  # leave, so the next visit loads cold again
        fresh = browser.new_context(viewport={"width": 360, "height": 640}, is_mobile=True)
        first = fresh.new_page()
        booklet = _weigh(first, base + links[0])
        page_one = _weigh(first, base + "/my-say/page/1")
        browser.close()
    return {"start": start, "booklet_welcome": booklet, "booklet_page_1_warm": page_one}


def report(m: dict) -> list[str]:
    lines = []
    for name, (requests, size, names) in m.items():
        lines.append(
            f"{name}: {requests} requests, {size / 1024:.1f} KB on the wire ({', '.join(names)})"
        )
    requests, size, _names = m["booklet_welcome"]
    met = size <= BUDGET_BYTES and requests <= BUDGET_REQUESTS
    lines.append(
        f"budget first booklet page <= {BUDGET_BYTES // 1024} KB in <= {BUDGET_REQUESTS} "
        f"requests: {'MET' if met else 'MISSED'} ({size / 1024:.1f} KB, {requests} requests)"
    )
    return lines


if __name__ == "__main__":
    print("\n".join(report(measure())))
