"""Accessibility checks in the browser: axe-core, bundled with axe-playwright-python, so offline.

The page's own Content-Security-Policy cannot block it: Playwright evaluates the script through the
DevTools protocol, not as a page script. But axe.run waits on timers, and timers never fire in a
page whose JavaScript is off: there it waits for ever (the import browser test's "hang"). So
``assert_no_axe_violations_as_shown`` checks the HTML such a page shows in a twin page that runs
axe, with the app's own scripts blocked so that the twin shows what the person saw.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_AXE = Axe()
# WCAG 2.2 A and AA, as public sector bodies in the UK must meet, plus axe's best practices.
OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
}


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_axe_violations_as_shown(page, **context_options) -> None:
    """Run axe on what ``page`` shows now, whether its JavaScript is on or off."""
    html, url = page.content(), page.url
    context = page.context.browser.new_context(**context_options)
    twin = context.new_page()
    twin.route("**/*.js", lambda route: route.abort())
    twin.route(
        lambda address: address == url,
        lambda route: route.fulfill(body=html, content_type="text/html"),
    )
    twin.goto(url)
    try:
        assert_no_axe_violations(twin)
    finally:
        context.close()


def assert_no_axe_violations(page) -> None:
    """Run axe on the page as it is now (its JavaScript on); fail listing every rule broken and where."""
    violations = _AXE.run(page, options=OPTIONS).response["violations"]
    assert not violations, f"axe found problems on {page.url}:\n{describe(violations)}"
