"""The annual pack as a board paper (issue 15): rates from full counts in the publishable pack,
plain labels, tables that fit landscape A4, a cover and contents, a tagged PDF, native Excel
charts, and a link to it from the managers' reports page."""

import io
import re

from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.pack.build import build_pack
from app.domain.pack.output import to_pdf, to_xlsx
from tests.pack_helpers import _table, years  # noqa: F401 (a fixture)

BLUE = r"0\.1137\d* 0\.4392\d* 0\.7215\d* rg"  # this year's bars (charts.THIS_COLOUR)


def _pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def _text(page) -> str:
    return " ".join((page.extract_text() or "").split())


def _bar_widths(page) -> list[float]:
    """The width of each shape filled in this year's blue on a PDF page, in points."""
    data = page.get_contents().get_data().decode("latin-1")
    widths = []
    for match in re.finditer(BLUE, data):
        shape = re.search(r"([\d.]+) [\d.]+ m\n([\d.]+) [\d.]+ l\n", data[match.end() :])
        widths.append(float(shape.group(2)) - float(shape.group(1)))
    return widths


def test_publishable_rates_come_from_full_counts(years):  # noqa: F811
    full, published = build_pack(2024), build_pack(2024, publishable=True)
    chart = next(c for c in published.charts if c.name == "participation-by-team")
    same = next(c for c in full.charts if c.name == "participation-by-team")
    assert chart.labels == same.labels and chart.this == same.this and chart.last == same.last
    rates = dict(zip(chart.labels, chart.this, strict=True))
    assert (rates["North"], rates["South"], rates["Total"]) == (100.0, 50.0, 75.0)
    # ... while the table shows no count of 1 to 4.
    table = _table(published, "participation-by-team")
    counts = [c for row in table.rows for c in row[1:] if isinstance(c, int)]
    assert all(c == 0 or c >= 5 for c in counts)


def test_publishable_pdf_draws_the_participation_bars(years):  # noqa: F811
    pages = _pages(to_pdf(build_pack(2024, publishable=True)))
    (page,) = [p for p in pages if "Participation rate by team" in _text(p)]
    # Read back from the PDF: North (100%), South (50%) and Total (75%) have bars this year,
    # as long as their rates say; the teams with no coded review draw none; then the legend.
    bars = [w for w in _bar_widths(page)[:-1] if w > 0]
    assert len(bars) == 3
    north, south, total = bars
    assert abs(north / total - 100 / 75) < 0.01 and abs(south / total - 50 / 75) < 0.01


def test_pdf_is_tagged_with_a_cover_and_contents(years):  # noqa: F811
    pdf = to_pdf(build_pack(2024, publishable=True))
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    cover, contents = _text(reader.pages[0]), _text(reader.pages[1])
    assert cover.startswith("Independent Reviewing Officer service Annual report pack 2024/25")
    assert "For publication" in cover and "Participation code by team" not in cover
    # Each line of the contents ends with the page its table starts on.
    assert re.search(r"Participation code by team \.+ ?3\b", contents), contents[:300]


def test_tables_fit_landscape_a4_with_plain_labels(years):  # noqa: F811
    pack = build_pack(2024, publishable=True)
    for table in pack.tables:
        for part in table.parts():
            assert len(part.groups) <= 10, table.name
    by_team = _table(pack, "themes-by-team")
    assert "Family time" in by_team.groups and "family_time" not in by_team.groups
    pages = _pages(to_pdf(pack))
    text = " ".join(_text(p) for p in pages)
    for key in ("family_time", "social_worker", "home_feel"):
        assert key not in text, key
    wide = [p for p in pages[2:] if "Themes of what children said, by team" in _text(p)]
    assert wide and all(p.mediabox.width > p.mediabox.height for p in wide)
    assert "Part 1 of 2" in _text(wide[0])


def test_faces_are_shares_of_the_year_not_a_wall_of_small_counts(app):
    from datetime import date

    from app.domain.pack.plain import for_board
    from app.domain.reports.table import Report, suppress

    counts = ["Booklet", "Question", "Wording", "Period", "Very happy", "Happy", "OK", "Sad"]
    monthly = Report(
        "faces",
        "How children feel",
        date(2024, 4, 1),
        date(2025, 3, 31),
        [*counts, "Very sad", "Rather not say", "Total"],
        [
            ["teen", "home_feel", "Living with {carer}?", "2024-04", 1, 2, 1, 0, 0, 0, 4],
            ["teen", "home_feel", "Living with {carer}?", "2024-05", 3, 1, 0, 0, 0, 0, 4],
            ["little", "school_feel", "School?", "2024-05", None, 1, 1, 1, None, 0, 3],
        ],
    )
    plain = for_board(monthly)
    assert plain.columns[:3] == ["Booklet", "Question", "Answers"]
    home, school = plain.rows
    assert home[:3] == ["Teenagers", "Living with your carer?", 8]
    assert [str(c) for c in home[3:6]] == ["50.0", "37.5", "12.5"]
    assert school[3] is None  # three faces: no "very happy" to share
    shown = suppress(plain)
    # A question with 5 answers or more shows its shares; one with fewer is hidden whole.
    assert shown.rows[0][2] == 8 and str(shown.rows[0][3]) == "50.0"
    assert set(shown.rows[1][2:]) <= {"<5", None}


def test_workbook_has_native_charts(years):  # noqa: F811
    pack = build_pack(2024, publishable=True)
    book = load_workbook(io.BytesIO(to_xlsx(pack)))
    charts = book["Charts"]._charts
    assert len(charts) == len(pack.charts) >= 3
    first = charts[0]
    assert first.type == "bar" and len(first.series) == 2
    # The chart is drawn from figures on the sheet: the rates, from full counts.
    rows = list(book["Charts"].iter_rows(values_only=True))
    north = next(r for r in rows if r[0] == "North")
    assert north[1:3] == (100.0, 50.0)


def test_reports_page_links_to_the_pack(client, auth, manager):
    auth.login("manager@example.org")
    html = client.get("/managers/").get_data(as_text=True)
    assert 'href="/managers/pack"' in html
