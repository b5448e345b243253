"""docs/contracts.md is the public contract, word for word; the code must say the same."""

import re
from pathlib import Path

from app.domain.imports.reader import ALSO_UNDERSTOOD, OPTIONAL, REQUIRED
from app.domain.reports.registry import REPORTS
from app.domain.themes.engine import THEMES

DOC = (Path(__file__).resolve().parent.parent / "docs" / "contracts.md").read_text()
SHARED = Path(__file__).resolve().parents[2] / "shared" / "domain.md"


def table_rows(heading_words: str) -> list[list[str]]:
    """The rows of the first Markdown table after the line containing ``heading_words``."""
    lines = DOC[DOC.index(heading_words) :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_import_columns_are_the_ones_the_importer_reads():
    rows = table_rows("**Review records import**")
    assert [name for name, required, _ in rows if required == "yes"] == list(REQUIRED)
    assert [name for name, required, _ in rows if required == "no"] == list(OPTIONAL)
    understood = re.search(r"Also understood when present: ([^.]+)\.", DOC).group(1)
    assert [name.strip() for name in understood.split(",")] == list(ALSO_UNDERSTOOD)


def test_every_contract_report_is_registered():
    names = [row[0] for row in table_rows("**Reports**")]
    assert names == ["participation-by-team", "participation-summary", "venue", "iro-contact"]
    assert set(names) <= set(REPORTS)


def test_theme_ids_are_the_engine_s():
    assert [row[0] for row in table_rows("| id | theme |")] == list(THEMES)


def test_the_copy_is_word_for_word_where_the_public_text_is_at_hand():
    """Beside the project the public text is in ``shared/``; each copied section must match."""
    if not SHARED.exists():
        return  # a checkout on its own: the three tests above still hold the code to the copy
    public = SHARED.read_text()
    for heading in ("## Data that crosses the app's edge", "## Participation codes", "## Themes"):
        copied = DOC[DOC.index(heading) :].split("\n## ", 1)[0].strip()
        assert copied in public, heading
