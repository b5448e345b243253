"""Checking an uploaded booklet file, and publishing a checked draft as a new version."""

from __future__ import annotations

import yaml
from flask_babel import gettext as _

from app.domain.booklets.definitions import (
    BOOKLET_DIR,
    Booklet,
    BookletError,
    latest_version,
    parse_definition,
)
from app.extensions import db
from app.models import BookletVersion, User
from app.models.booklet_drafts import BookletDraft

MAX_BYTES = 512 * 1024


class NoAliasLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing anchors and aliases.

    An alias repeats a node without copying it, so a few lines can expand to billions of
    strings (the "billion laughs") once the definition is stored as JSON or rendered. A booklet
    never needs one, so any alias is refused with a line number, before anything expands.
    """

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, _("booklet files cannot use YAML aliases (*name)"), event.start_mark
            )
        return super().compose_node(parent, index)


def read_upload(raw: bytes, filename: str) -> tuple[dict, Booklet, str]:
    """The definition, its booklet and its text, or BookletError naming every problem."""
    name = filename or "the file"
    if len(raw) > MAX_BYTES:
        raise BookletError(name, [_("the file is too big for a booklet (more than 512 KB)")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BookletError(name, [_("the file is not plain text (save it as UTF-8)")]) from None
    try:
        data = yaml.load(text, Loader=NoAliasLoader)  # noqa: S506 (a SafeLoader, without aliases)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or _("this is not valid YAML")
        # A reader error (a NUL byte, say) has no mark: say what is wrong without a place.
        where = (
            _("line %(line)s, column %(column)s: ", line=mark.line + 1, column=mark.column + 1)
            if mark
            else ""
        )
        raise BookletError(name, [where + str(what)]) from None
    booklet = parse_definition(data, name)
    newer_than(booklet, name)
    return data, booklet, text


def newer_than(booklet: Booklet, name: str) -> None:
    """Versions only go up: an invitation's version must always mean the same words."""
    live = latest_version(booklet.slug)
    if live is not None and booklet.version <= live.version:
        raise BookletError(
            name,
            [
                _(
                    "'version' is %(version)s, but version %(live)s of '%(slug)s' is already "
                    "published; give this one version %(next)s or more",
                    version=booklet.version,
                    live=live.version,
                    slug=booklet.slug,
                    next=live.version + 1,
                )
            ],
        )


def save_draft(raw: bytes, filename: str, user: User) -> BookletDraft:
    data, booklet, text = read_upload(raw, filename)
    draft = BookletDraft(
        slug=booklet.slug, version=booklet.version, definition=data, source=text, uploaded_by=user
    )
    db.session.add(draft)
    db.session.commit()
    return draft


def publish(draft: BookletDraft) -> BookletVersion:
    """Make a draft the live version; invitations already made keep the version they have."""
    booklet = parse_definition(draft.definition, f"{draft.slug} v{draft.version}")
    newer_than(booklet, f"{draft.slug} v{draft.version}")
    version = BookletVersion(slug=draft.slug, version=draft.version, definition=draft.definition)
    db.session.add(version)
    draft.published = version
    db.session.commit()
    return version


def source_of(version: BookletVersion) -> str:
    """The file of a published version: as uploaded when we have it, else rebuilt from the data."""
    draft = db.session.execute(
        db.select(BookletDraft).filter_by(published_id=version.id).limit(1)
    ).scalar_one_or_none()
    if draft is not None:
        return draft.source
    for path in sorted(BOOKLET_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if data.get("slug") == version.slug and data.get("version") == version.version:
            return text
    return yaml.safe_dump(version.definition, sort_keys=False, allow_unicode=True, width=100)
