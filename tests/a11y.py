"""Accessibility checks in the browser: axe-core, bundled with axe-playwright-python, so offline.

The page's own Content-Security-Policy cannot block it: Playwright evaluates the script through the
DevTools protocol, not as a page script, and it works even when the page has JavaScript off.
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


def assert_no_axe_violations(page) -> None:
    """Run axe on the page as it is now; fail listing every rule broken and where."""
    violations = _AXE.run(page, options=OPTIONS).response["violations"]
    assert not violations, f"axe found problems on {page.url}:\n{describe(violations)}"
