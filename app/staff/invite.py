"""Which booklets and languages an IRO can send, and which to suggest for a child's review."""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask import current_app, url_for
from flask_babel import gettext as _

from app.domain.booklets import booklet_of, suggested_slug
from app.extensions import db
from app.models import BookletVersion, Child, Review

FALLBACK_SLUG = "middle"


def published_booklets() -> list[BookletVersion]:
    """The newest published version of every booklet, by slug."""
    newest = (
        db.select(BookletVersion.slug, db.func.max(BookletVersion.version).label("version"))
        .group_by(BookletVersion.slug)
        .subquery()
    )
    return list(
        db.session.scalars(
            db.select(BookletVersion)
            .join(
                newest,
                (BookletVersion.slug == newest.c.slug)
                & (BookletVersion.version == newest.c.version),
            )
            .order_by(BookletVersion.slug)
        )
    )


def booklet_label(version: BookletVersion) -> str:
    title = version.definition.get("title") if isinstance(version.definition, dict) else None
    ages = version.definition.get("ages") if isinstance(version.definition, dict) else None
    label = f"{title or version.slug} ({version.slug}, v{version.version})"
    if isinstance(ages, list) and len(ages) == 2:
        label += " – " + _("ages %(low)s to %(high)s", low=ages[0], high=ages[1])
    return label


@dataclass
class Suggestion:
    slug: str | None
    note: str | None


def suggest_booklet(child: Child, review: Review, published: list[BookletVersion]) -> Suggestion:
    """The booklet to offer first, and a sentence for the IRO when it is not the obvious one."""
    slugs = {version.slug for version in published}
    if not slugs:
        return Suggestion(None, None)
    wanted = child.booklet_override or suggested_slug(child.date_of_birth, review.review_date)
    if wanted in slugs:
        return Suggestion(wanted, None)
    fallback = FALLBACK_SLUG if FALLBACK_SLUG in slugs else sorted(slugs)[0]
    if wanted is None:
        note = _(
            "%(name)s is under 4 on the review date, so there is no booklet for their age; "
            "a carer usually gives their views. We have chosen the %(fallback)s booklet.",
            name=child.display_name,
            fallback=fallback,
        )
    else:
        note = _(
            "The %(wanted)s booklet for %(name)s's age is not published yet, "
            "so we have chosen the %(fallback)s booklet instead.",
            wanted=wanted,
            name=child.display_name,
            fallback=fallback,
        )
    return Suggestion(fallback, note)


def language_name(code: str) -> str:
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("en") or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code


def language_choices() -> list[tuple[str, str]]:
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]


def respondent_of(version: BookletVersion) -> str:
    """Who a booklet is for; a new link revokes only the live link of the same respondent."""
    try:
        return booklet_of(version).audience
    except ValueError:
        return "child"


def absolute_url(endpoint: str, **values) -> str:
    """An address to print on a letter: the public base address when set, else this request's."""
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)
