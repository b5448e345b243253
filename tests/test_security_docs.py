"""Issue 11, gap 10: SECURITY.md, a DPIA outline and the Children's Code's 15 standards."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STANDARDS = [
    "Best interests of the child",
    "Data protection impact assessments",
    "Age appropriate application",
    "Transparency",
    "Detrimental use of data",
    "Policies and community standards",
    "Default settings",
    "Data minimisation",
    "Data sharing",
    "Geolocation",
    "Parental controls",
    "Profiling",
    "Nudge techniques",
    "Connected toys and devices",
    "Online tools",
]


def test_the_childrens_code_names_all_15_standards_in_order():
    text = (ROOT / "docs" / "childrens-code.md").read_text()
    found = re.findall(r"^\s*(\d+)\. \*\*(.+?)\.\*\*", text, flags=re.M)
    assert [int(n) for n, _ in found] == list(range(1, 16))
    assert [name for _, name in found] == STANDARDS


def test_the_dpia_outline_has_the_icos_sections():
    text = (ROOT / "docs" / "dpia.md").read_text()
    for heading in (
        "need for a DPIA",
        "The processing",
        "Consultation",
        "Necessity",
        "Risks",
        "Sign-off",
    ):
        assert heading in text


def test_security_names_every_setting_production_needs():
    text = (ROOT / "SECURITY.md").read_text()
    for setting in (
        "SECRET_KEY",
        "MYSAY_DATA_KEYS",
        "RATELIMIT_STORAGE_URI",
        "PROXY_FIX_X_FOR",
        "keys rotate",
        "Reporting a vulnerability",
    ):
        assert setting in text
