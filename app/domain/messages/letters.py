"""The invitation letter a child gets before their review, and the same letter as an A4 PDF.

The PDF is drawn here, on this server: WeasyPrint may read only ``data:`` URIs (the QR code and
the IRO's photo) and the letter's own stylesheet, so nothing about a child goes to another site.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, format_date, get_locale
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from app.domain.booklets.definitions import booklet_of
from app.domain.booklets.plain import minutes_to_fill
from app.domain.invitations import links as invitations
from app.domain.invitations.qr import data_uri
from app.domain.messages.urls import booklet_link, start_link
from app.domain.reviews import outcome
from app.models import Invitation, Review, User

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "letter.css"

# The first bytes of the only pictures a letter shows; anything else gets the initials instead.
PHOTO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass(frozen=True)
class Letter:
    respondent: str  # child, parent or carer: whom the letter speaks to
    child_name: str
    iro_name: str
    iro_initials: str
    iro_phone: str | None
    iro_email: str | None
    iro_photo: str | None  # a data: URI, or None for the initials circle
    review_date: date
    review_day: str  # the review date in words: "Thursday 14 January 2027"
    link: str
    start_url: str
    code: str  # as printed: ABCD-EFGH
    qr: str  # the link as a QR code, a data: URI
    expires: date
    voice: str  # how the letter speaks: see VOICES
    pages: int  # the booklet's pages, and about how long they take
    minutes: int


# How the letter speaks, by booklet: short sentences read with a carer (little, Easy Read), a
# child of 8 to 11, a young person, a care leaver (help comes from a personal adviser), or an
# adult about the child. The "after my review" booklet is a child's, read like the middle band.
VOICES = {"little": "simple", "easy": "simple", "teen": "young", "moving_on": "leaver"}
ADULT_VOICE = "adult"
DEFAULT_VOICE = "middle"


def voice_for(respondent: str, slug: str) -> str:
    if respondent != "child":
        return ADULT_VOICE
    return VOICES.get(slug, DEFAULT_VOICE)


def initials(name: str) -> str:
    words = [word for word in name.replace("-", " ").split() if word[:1].isalpha()]
    if not words:
        return "?"
    picked = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return picked.upper()


def photo_uri(photo: bytes | None) -> str | None:
    """The IRO's photo as a data: URI, when it is a PNG or JPEG."""
    if not photo:
        return None
    for magic, mimetype in PHOTO_TYPES.items():
        if photo.startswith(magic):
            return f"data:{mimetype};base64,{base64.b64encode(photo).decode('ascii')}"
    return None


def build_letter(invitation: Invitation, token: str, code: str, iro: User) -> Letter:
    """What the letter says, for an invitation whose link and short code were just made."""
    review = invitation.review
    link = booklet_link(token)
    booklet = booklet_of(invitation.booklet_version)
    return Letter(
        respondent=invitation.respondent,
        child_name=review.child.display_name,
        iro_name=iro.name,
        iro_initials=initials(iro.name),
        iro_phone=iro.phone,
        iro_email=iro.email,
        iro_photo=photo_uri(iro.photo),
        review_date=review.review_date,
        review_day=format_date(review.review_date, "EEEE d MMMM yyyy"),
        link=link,
        start_url=start_link(),
        code=invitations.format_code(invitations.normalise_code(code)),
        qr=data_uri(link),
        expires=invitations.expires_on(invitation),
        voice=voice_for(invitation.respondent, booklet.slug),
        pages=len(booklet.pages),
        minutes=minutes_to_fill(booklet),
    )


def render_letter_html(letter: Letter) -> str:
    locale = get_locale()
    rtl = locale is not None and locale.character_order == "right-to-left"
    return render_template(
        "staff/letter_pdf.html",
        letter=letter,
        lang=str(locale or "en").replace("_", "-"),
        dir="rtl" if rtl else "ltr",
    )


def invitation_letter_pdf(invitation: Invitation, token: str, code: str, iro: User) -> bytes:
    """The invitation letter as an A4 PDF in the invitation's language; the link, QR code and
    short code are the same in every language."""
    language = invitation.language
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        return render_letter_pdf(build_letter(invitation, token, code, iro))


def render_letter_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF."""
    return html_to_pdf(render_letter_html(letter))


def html_to_pdf(html: str, stylesheet: Path = STYLESHEET) -> bytes:
    """A letter page (HTML with the letter stylesheet, unless another is given) as an A4 PDF."""
    # Only data: URIs may be fetched: a stray address in the template must fail, not go online.
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = HTML(
        string=html,
        base_url=str(stylesheet.parent),
        url_fetcher=fetcher,
    )
    return document.write_pdf(stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)])


def you_said_ready(review: Review) -> bool:
    """Whether the "You said, we did" letter exists: the outcome is recorded, after the review."""
    # An outcome recorded before its review (older data) does not make a letter to the child.
    return bool(review.outcome_recorded_at) and outcome.has_taken_place(review)


def you_said_body(review: Review, iro: User) -> Markup:
    """The "You said, we did" letter, in the child's language: the same words for the IRO's page,
    its PDF, and the child's own link."""
    child = review.child
    with force_locale(outcome.child_locale(child)):
        return Markup(
            render_template(
                "staff/you_said_letter.html",
                name=child.display_name,
                day=format_date(review.review_date, "d MMMM yyyy"),
                decisions=review.decisions or [],
                iro=iro,
            )
        )
