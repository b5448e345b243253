"""The letters a child receives show every script they are written in: no empty boxes.

WeasyPrint embeds a subset of each font it draws with, named after the font. Every character of
the letter's words must be in the character map of one of those fonts, read with fontTools from
the font file fontconfig finds under that name: a character no installed font has would be drawn
as a box by a font that lacks it, and fail here. (The PDF's own ToUnicode maps cannot say this for
Arabic and Nastaliq, where one glyph shape stands for several letters.)
"""

import functools
import io
import subprocess
import unicodedata

import pypdf
import pytest
from bs4 import BeautifulSoup
from flask_babel import force_locale
from fontTools.ttLib import TTFont

from app.domain.booklets.definitions import latest_version
from app.domain.invitations import links as invitations
from app.domain.messages.letters import build_letter, invitation_letter_pdf, render_letter_html
from app.domain.translations import PENDING, REQUIRED
from app.extensions import db
from app.models import Child, Review
from tests.factories import TODAY, make_user

LANGUAGES = sorted(set(REQUIRED) - PENDING)


def embedded_fonts(pdf: bytes) -> set[str]:
    """The family names of the fonts embedded in a PDF ("Noto Nastaliq Urdu")."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            name = str(ref.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1]
            for style in ("-Bold", "-Oblique", "-Italic"):
                name = name.removesuffix(style)
            names.add(name.replace("-", " "))
    return names


@functools.cache
def characters_of(family: str) -> frozenset[str]:
    """Every character the installed fonts of this family (all its styles) have a glyph for."""
    files = subprocess.run(
        ["fc-list", family, "file"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert files, f"fontconfig knows no font {family!r}"
    found: set[str] = set()
    for path in files:
        font = TTFont(path.rstrip(":"), fontNumber=0, lazy=True)
        found |= {chr(code) for code in font.getBestCmap()}
    return frozenset(found)


@pytest.fixture
def invitation_in(app):
    iro = make_user()
    child = Child(child_ref="C7", preferred_name="Amal", date_of_birth=TODAY.replace(year=2014))
    child.iro = iro
    review = Review(
        child=child,
        review_date=TODAY.replace(day=1).replace(month=12) if TODAY.month < 12 else TODAY,
    )
    db.session.add_all([child, review])

    def make(language):
        invitation, token, code = invitations.create(
            review, latest_version("middle"), language=language
        )
        db.session.commit()
        return invitation, token, code, iro

    return make


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_invitation_letter_draws_every_character_of_its_language(invitation_in, language):
    invitation, token, code, iro = invitation_in(language)
    pdf = invitation_letter_pdf(invitation, token, code, iro)
    with force_locale(language):
        html = render_letter_html(build_letter(invitation, token, code, iro))
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == language.replace("_", "-")
    words = page.body.get_text(" ")
    # The letter really is in the language: its words are not the English ones.
    assert "Scan the QR code" not in words
    # Joiners and marks of direction (Unicode's "Cf") shape the letters around them; not drawn.
    shown = {ch for ch in words if not ch.isspace() and unicodedata.category(ch) != "Cf"}
    fonts = embedded_fonts(pdf)
    drawn = frozenset().union(*(characters_of(family) for family in fonts))
    missing = shown - drawn
    assert not missing, f"{language}: no glyph for {sorted(missing)}"
