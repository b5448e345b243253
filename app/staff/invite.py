"""Which booklets and languages an IRO can send, and which to suggest for a child's review."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.domain.booklets.definitions import booklet_of, suggested_slug
from app.domain.invitations.links import expires_on
from app.domain.messages.letters import build_letter
from app.extensions import db
from app.models import BookletVersion, Child, Review
from app.staff.forms import RESPONDENTS, InvitationForm, SendForm

FALLBACK_SLUG = "middle"
# The forms already used to make an invitation in this browser (see InvitationForm.once).
MADE_KEY = "invitation_forms_used"


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


def respondent_choices(child: Child) -> list[tuple[str, str]]:
    return [
        ("child", child.display_name),
        ("parent", _("A parent")),
        ("carer", _("A carer")),
    ]


def invitation_form(
    review: Review, published: list[BookletVersion], respondent: str = "child"
) -> tuple[InvitationForm, list[str]]:
    """The form to make an invitation for one respondent (bound to any posted data), and notes.

    Only the booklets written for that respondent are offered; a parent or a carer is offered
    their own booklet first.
    """
    if respondent not in RESPONDENTS:
        respondent = "child"
    notes = []
    offered = [v for v in published if respondent_of(v) == respondent]
    if respondent == "child":
        suggestion = suggest_booklet(review.child, review, offered)
        if suggestion.note:
            notes.append(suggestion.note)
        chosen = suggestion.slug
    else:
        slugs = [v.slug for v in offered]
        chosen = respondent if respondent in slugs else (slugs[0] if slugs else None)
    if published and not offered:
        notes.append(_("No booklet for them has been published yet."))
    languages = language_choices()
    language = review.child.language
    if language not in dict(languages):
        notes.append(
            _(
                "Booklets are not available in %(language)s yet; choose the language "
                "%(name)s would rather read.",
                language=language_name(language),
                name=review.child.display_name,
            )
        )
        language = languages[0][0] if languages else None
    form = InvitationForm(
        data={
            "booklet": chosen,
            "language": language,
            "respondent": respondent,
            "once": secrets.token_urlsafe(12),
        }
    )
    form.booklet.choices = [(v.slug, booklet_label(v)) for v in offered]
    form.language.choices = languages
    return form, notes


def invitation_page(review: Review, invitation, token: str, code: str, **extra) -> str:
    """The page that shows a new link, QR code and short code: the only time they are known."""
    child = review.child
    letter = build_letter(invitation, token, code, iro=child.iro or current_user)
    context = {
        "review": review,
        "child": child,
        "invitation": invitation,
        "link": letter.link,
        "code": code,
        "letter": letter,
        "expires": expires_on(invitation),
        "send_form": SendForm(formdata=None),
    }
    context.update(extra)
    return render_template("staff/invitation.html", **context)


def made_before(once: str | None) -> bool:
    """Whether the form carrying ``once`` already made an invitation in this browser."""
    return bool(once) and once in session.get(MADE_KEY, [])


def remember_made(once: str | None) -> None:
    if once:
        session[MADE_KEY] = (session.get(MADE_KEY, []) + [once])[-20:]


def shown_already(review: Review):
    """Back to the review, saying why no second invitation was made (reloading the new code)."""
    flash(
        _(
            "That invitation was made already and its code was shown then. "
            "If the code is lost, make a new invitation."
        ),
        "info",
    )
    return redirect(url_for("staff.review", review_id=review.id), 303)
