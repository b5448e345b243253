"""Helpers that test_pack.py and other test modules share (no test module imports another)."""

import io
import re
import textwrap
import threading
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.domain.imports.reader import import_reviews
from app.domain.invitations.links import create as create_invitation
from app.domain.pack.build import build_pack, default_year, year_label, year_range
from app.domain.pack.output import to_pdf, to_xlsx
from app.domain.pack.quotes import anonymise
from app.domain.reports import frames as report_frames
from app.domain.reports import registry as reports
from app.extensions import db
from app.models import BookletVersion, Child, Review, Team
from tests.factories import answer, make_user, one_page_booklet, pdf_text, text_of

CSV = """child_ref,date_of_birth,team,review_date,participation_code,venue,child_last_seen_by_iro,first_name,preferred_name,iro_email
C1,2014-05-01,North,2024-04-01,PN1,office,2024-04-01,Alexandra,Lexi,iro@example.org
C2,2014-05-01,North,2024-06-10,PN6,placement,2024-06-05,Bobby,,iro@example.org
C3,2013-05-01,South,2024-09-15,PN7,school,2024-08-01,Cara,,iro@example.org
C4,2012-05-01,South,2025-03-31,PN2,virtual,,Dev,,iro@example.org
C5,2011-05-01,,2024-12-01,,,2024-11-20,Ezra,,iro@example.org
C1,2014-05-01,North,2025-04-01,PN1,office,2025-04-01,Alexandra,Lexi,iro@example.org
C1,2014-05-01,North,2023-10-01,PN7,office,2023-05-01,Alexandra,Lexi,iro@example.org
C2,2014-05-01,North,2024-03-31,PN1,office,2024-03-31,Bobby,,iro@example.org
C6,2021-01-01,East,2023-04-01,PN0,placement,,Finn,,iro@example.org
C6,2021-01-01,East,2023-03-31,PN1,office,,Finn,,iro@example.org
"""

SHARE = {"kind": "yes_no_unsure", "label": "Can we use your words?", "measure": "share_consent"}

DEFINITION = one_page_booklet(
    "packtest",
    [
        {"key": "feel", "kind": "faces5", "label": "How do you feel?"},
        {"key": "good", "kind": "long_text", "label": "My house of good things"},
        {"key": "worry", "kind": "long_text", "label": "My house of worries"},
        {"key": "share", **SHARE},
    ],
    title="Pack test",
    page={"key": "words", "title": "Words"},
)

QUOTE_ALEX = "I like living here with Lexi's cat, and SAM Patel listens to ALEXANDRA properly"

QUOTE_EZRA = "Football club on Saturdays is the best thing I do"


def _booklet(ref, review_date, share, texts, *, sent=True, urgent=False):
    review = db.session.execute(
        db.select(Review)
        .join(Child)
        .where(Child.child_ref == ref, Review.review_date == date.fromisoformat(review_date))
    ).scalar_one()
    version = db.session.execute(db.select(BookletVersion).filter_by(slug="packtest")).scalar_one()
    invitation, _token, _code = create_invitation(review, version)
    answer(invitation, "feel", "happy")
    answer(invitation, "share", share)
    for key, (value, only_iro) in texts.items():
        answer(invitation, key, value, only_iro)
    if sent:
        invitation.submitted_at = datetime(2025, 1, 1, 12, 0)
    if urgent:
        invitation.urgent_at = datetime(2025, 1, 1, 12, 0)


@pytest.fixture
def years(app):
    load_years()


def load_years():
    make_user()  # Sam Patel, the children's IRO
    result = import_reviews(CSV.encode())
    assert result.ok, result.errors
    db.session.add(BookletVersion(slug="packtest", version=1, definition=DEFINITION))
    db.session.flush()
    _booklet(
        "C1",
        "2024-04-01",
        "yes",
        {"good": (QUOTE_ALEX, False), "worry": ("SECRETONLYIRO my worry", True)},
    )
    _booklet("C2", "2024-06-10", "no", {"good": ("NOTCONSENTED words about school", False)})
    _booklet("C3", "2024-09-15", "yes", {"good": ("URGENTWORDS please help", False)}, urgent=True)
    _booklet("C4", "2025-03-31", "yes", {"good": ("UNSENTWORDS in a draft", False)}, sent=False)
    _booklet("C1", "2023-10-01", "yes", {"good": ("LASTYEARWORDS from before", False)})
    _booklet(
        "C5",
        "2024-12-01",
        "yes",
        {"good": ("rather_not_say", False), "worry": (QUOTE_EZRA, False)},
    )
    db.session.commit()


def _table(pack, name):
    return next(t for t in pack.tables if t.name == name)
