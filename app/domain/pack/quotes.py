"""Anonymised quotes for the annual pack: children's own words, only where they said we may.

A quote comes from a free-text answer in a booklet that was SENT (submitted) for a review in the
year, by a child who answered "yes" to the booklet's sharing question (``measure: share_consent``)
in that same booklet. Never an answer marked "only my IRO can see this"; never a booklet marked
urgent (a child at risk is not a quote); never the child's or the IRO's name, which are replaced
by "[name]". At most one quote per booklet, so that one child cannot fill the page.

The choice is deterministic (a hash of the year and the booklet's id), so the pack built twice
says the same thing, and spread over the year rather than the first few booklets.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, and_, cast, or_

from app.domain.booklets.definitions import RATHER_NOT_SAY, TEXT_KINDS
from app.domain.reports import frames as report_frames
from app.extensions import db
from app.models import Answer, BookletVersion, Child, Invitation, Review, User

QUOTE_LIMIT = 12
SHARE_CONSENT = "share_consent"
# Shorter than this is rarely a view a board can read ("no", "idk"); longer is cut by nobody.
MIN_CHARACTERS = 12
NAME = "[name]"
_CHUNK = 200
# Booklets looked at, at most, per quote wanted: enough for a year in which most children wrote
# the same few words, without reading every booklet of a national year to prove it.
_LOOK_AT_PER_QUOTE = 50
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d \-]{6,}\d")


@dataclass(frozen=True)
class Quote:
    text: str
    question: str


@dataclass(frozen=True)
class _Questions:
    consent: dict[int, str]  # booklet version id -> key of its sharing question
    text: dict[int, dict[str, str]]  # booklet version id -> {text question key: label}


def _questions() -> _Questions:
    # Read from the stored definitions, not the parsed Booklet, so that a version published
    # before ``measure`` was known still counts.
    consent: dict[int, str] = {}
    text: dict[int, dict[str, str]] = {}
    rows = db.session.execute(db.select(BookletVersion.id, BookletVersion.definition)).all()
    for version_id, definition in rows:
        for page in (definition or {}).get("pages") or []:
            for q in (page or {}).get("questions") or []:
                if not isinstance(q, dict) or "key" not in q:
                    continue
                if q.get("measure") == SHARE_CONSENT:
                    consent.setdefault(version_id, str(q["key"]))
                elif q.get("kind") in TEXT_KINDS:
                    text.setdefault(version_id, {})[str(q["key"])] = str(q.get("label", ""))
    return _Questions(consent, text)


def _order(year_salt: str, invitation_id: int) -> str:
    return hashlib.sha256(f"{year_salt}:{invitation_id}".encode()).hexdigest()


def anonymise(text: str, names: list[str]) -> str:
    """``text`` with every given name (whole words, any case), email and phone number removed."""
    # Emails first: a name inside one would otherwise break it apart before it is found.
    text = _EMAIL.sub(NAME, text)
    text = _PHONE.sub("[number]", text)
    parts: set[str] = set()
    for name in names:
        name = (name or "").strip()
        if not name:
            continue
        parts.add(name)
        parts.update(word for word in name.split() if len(word) > 1)
    # Longest first, so that "Sam Patel" goes as one before "Sam" alone.
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", NAME, text, flags=re.IGNORECASE)
    return re.sub(rf"{re.escape(NAME)}(\s+{re.escape(NAME)})+", NAME, text).strip()


def _consenting(date_from: date, date_to: date) -> list[int]:
    """The ids of the year's sent booklets whose child said yes to sharing (any order)."""
    return report_frames.cached(
        ("consenting", date_from, date_to), lambda: _read_consenting(date_from, date_to)
    )


def read_ahead_quotes(date_from: date, date_to: date) -> None:
    """Start reading who allowed sharing aside, for the pack (see report_frames.read_ahead)."""
    report_frames.read_ahead(
        ("consenting", date_from, date_to), lambda: _read_consenting(date_from, date_to)
    )


def _read_consenting(date_from: date, date_to: date) -> list[int]:
    consent = _questions().consent
    if not consent:
        return []
    # The answer's JSON text is compared, so the filter runs in the database on SQLite and
    # PostgreSQL alike and only the booklet ids come back.
    said_yes = [
        and_(Answer.booklet_version_id == version_id, Answer.question_key == key)
        for version_id, key in consent.items()
    ]
    query = (
        db.select(Answer.invitation_id)
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .where(
            Review.review_date.between(date_from, date_to),
            Invitation.respondent == "child",
            Invitation.submitted_at.is_not(None),
            Invitation.revoked_at.is_(None),
            Invitation.urgent_at.is_(None),
            or_(*said_yes),
            cast(Answer.value, String) == '"yes"',
        )
    )
    return list(db.session.execute(query).scalars())


def choose_quotes(date_from: date, date_to: date, *, limit: int = QUOTE_LIMIT) -> list[Quote]:
    """Up to ``limit`` anonymised quotes from the year's booklets whose child allowed sharing."""
    questions = _questions()
    if not questions.consent or limit <= 0:
        return []
    salt = date_from.isoformat()
    candidates = sorted(
        set(_consenting(date_from, date_to)),
        key=lambda i: _order(salt, i),
    )
    candidates = candidates[: limit * _LOOK_AT_PER_QUOTE]
    text_keys = {key for keys in questions.text.values() for key in keys}
    quotes: list[Quote] = []
    seen: set[str] = set()
    for start in range(0, len(candidates), _CHUNK):
        chunk = candidates[start : start + _CHUNK]
        by_invitation = _texts(chunk, text_keys)
        for invitation_id in chunk:
            for version_id, key, value, names in by_invitation.get(invitation_id, []):
                label = questions.text.get(version_id, {}).get(key)
                if label is None or not isinstance(value, str):
                    continue
                words = anonymise(value, names)
                if value == RATHER_NOT_SAY or len(words) < MIN_CHARACTERS or words in seen:
                    continue
                seen.add(words)
                quotes.append(Quote(text=words, question=label))
                break
            if len(quotes) >= limit:
                return quotes
    return quotes


def _texts(invitation_ids: list[int], text_keys: set[str]):
    iro = db.aliased(User)
    inviter = db.aliased(User)
    query = (
        db.select(
            Answer.invitation_id,
            Answer.booklet_version_id,
            Answer.question_key,
            Answer.words,
            Answer.choice,
            Child.first_name,
            Child.preferred_name,
            iro.name,
            inviter.name,
        )
        .join(Invitation, Answer.invitation_id == Invitation.id)
        .join(Review, Invitation.review_id == Review.id)
        .join(Child, Review.child_id == Child.id)
        .outerjoin(iro, Child.iro_id == iro.id)
        .outerjoin(inviter, Invitation.created_by_id == inviter.id)
        .where(
            Answer.invitation_id.in_(invitation_ids),
            Answer.question_key.in_(sorted(text_keys)),
            Answer.only_iro.is_(False),
        )
        .order_by(Answer.invitation_id, Answer.id)
    )
    out: dict[int, list] = {}
    for row in db.session.execute(query):
        names = [row[5], row[6], row[7], row[8]]
        # Words are kept encrypted (the type decrypts them as they are read); rows written
        # before encryption, or by the benchmark's bulk load, hold them as plain JSON.
        words = row.words if row.words is not None else row.choice
        out.setdefault(row.invitation_id, []).append(
            (row.booklet_version_id, row.question_key, words, names)
        )
    return out
