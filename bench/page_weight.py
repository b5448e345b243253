"""What a child's phone downloads: the start page and the first booklet page in Debian's
Chromium at 360×640, counting requests and bytes on the wire (compressed), with budgets.

Run: ``.venv/bin/python bench/page_weight.py`` (gunicorn on a demo database; no JavaScript
needed by the pages, so it is measured with JavaScript on as a phone would have it).
Budget: the first booklet page at most 10 KB on the wire in at most 3 requests.

How requests are counted: the QR link (b/<token>) answers with a redirect to the welcome page,
and that redirect stays: the token is exchanged for a session once so that it never stays in the
address bar or the history of a phone other children may use (app/booklet/access.py). So the
budget counts the welcome page the redirect lands on (its HTML, its one stylesheet, its one
script); the redirect is printed beside it, with its bytes, and the total with it too.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.live import demo_database, gunicorn  # noqa: E402

BUDGET_BYTES = 10 * 1024
BUDGET_REQUESTS = 3


REDIRECT_BYTES: list[int] = []


def _weigh(page, url: str) -> tuple[int, int, list[str]]:
    sizes: list[int] = []
    names: list[str] = []

    def on_finished(request):
        sizes_ = request.sizes()
        size = sizes_["responseBodySize"] + sizes_["responseHeadersSize"]
        sizes.append(size)
        path = request.url.split("/", 3)[-1].split("?")[0]
        # A booklet link's token is a secret: name the request, not the link.
        names.append("b/<token>" if path.startswith("b/") else "/" + path)
        if path.startswith("b/"):
            REDIRECT_BYTES.append(size)

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
    return {
        "start": start,
        "booklet_welcome": booklet,
        "booklet_page_1_warm": page_one,
        "redirect_bytes": REDIRECT_BYTES[-1] if REDIRECT_BYTES else 0,
    }


def report(m: dict) -> list[str]:
    lines = []
    for name, value in m.items():
        if name == "redirect_bytes":
            continue
        requests, size, names = value
        lines.append(
            f"{name}: {requests} requests, {size / 1024:.1f} KB on the wire ({', '.join(names)})"
        )
    requests, size, names = m["booklet_welcome"]
    redirect = m.get("redirect_bytes", 0) if "b/<token>" in names else 0
    page_requests = requests - (1 if redirect else 0)
    page_size = size - redirect
    met = page_size <= BUDGET_BYTES and page_requests <= BUDGET_REQUESTS
    lines.append(
        f"budget first booklet page (the welcome page the link's redirect lands on) <= "
        f"{BUDGET_BYTES // 1024} KB in <= {BUDGET_REQUESTS} requests: "
        f"{'MET' if met else 'MISSED'} ({page_size / 1024:.1f} KB, {page_requests} requests;"
        f" with the b/<token> redirect before it, {size / 1024:.1f} KB in {requests} requests)"
    )
    return lines


if __name__ == "__main__":
    print("\n".join(report(measure())))
