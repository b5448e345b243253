"""A child's drawing and voice answer: kept from the page's form, and shown back to the child.

The drawing travels in the form's file field ``<key>-drawing`` (a photo of a drawing on paper,
or, with JavaScript, the picture drawn on the screen put there before the form is sent); the
recording in ``<key>-voice``. Ticking ``<key>-drawing-remove`` (``-voice-remove``) takes one out.
"""

from __future__ import annotations

from flask import current_app
from werkzeug.datastructures import FileStorage, MultiDict

from app.booklet.access import needs_invitation, problem
from app.booklet.blueprint import bp
from app.booklet.forms import QuestionField
from app.domain.media import store
from app.domain.media.checks import (
    MAX_VOICE_BYTES,
    MediaRefused,
    checked_drawing,
    checked_voice,
    picture_too_big,
)
from app.domain.reading.answers import media_words
from app.models import Invitation

CHECKS = {store.DRAWING: checked_drawing, store.VOICE: checked_voice}


def _read_at_most(kind: str) -> int:
    # One byte more than may be kept, so that a file over the limit is known to be over it; a
    # photo straight from a phone's camera can be many megabytes (app/uploads.py).
    if kind == store.DRAWING:
        return current_app.config["MAX_DRAWING_BYTES"] + 1
    return MAX_VOICE_BYTES + 1


def save_media(
    invitation: Invitation, fields: list[QuestionField], files: MultiDict, form: MultiDict
) -> None:
    """Keep or take out each drawing and recording of the page; a refused file is the field's
    error, and what was saved before stays. The caller commits."""
    for f in fields:
        if f.question.kind != "drawing":
            continue
        f.media = set(store.media_of(invitation.id).get(f.question.key, set()))
        for kind in store.KINDS:
            name = f"{f.question.key}-{kind}"
            upload: FileStorage | None = files.get(name)
            limit = _read_at_most(kind)
            raw = upload.stream.read(limit) if upload and upload.filename else b""
            if raw:
                try:
                    if kind == store.DRAWING and len(raw) >= limit:
                        raise MediaRefused(picture_too_big())
                    data, mimetype = CHECKS[kind](raw)
                except MediaRefused as refusal:
                    f.error = str(refusal)
                    continue
                store.keep(invitation, f.question.key, kind, data, mimetype)
                f.media.add(kind)
            elif form.get(f"{name}-remove") == "yes":
                store.remove(invitation, f.question.key, kind)
                f.media.discard(kind)
        if f.answer is None and f.media and f.only_iro and not f.error:
            # Only a drawing, kept for the IRO alone: the answer row (with no words) says so.
            f.answer = ""


@bp.route("/my-say/media/<question_key>/<media>")
@needs_invitation
def own_media(invitation: Invitation, question_key: str, media: str):
    """The child's own drawing or recording, shown again on their page."""
    row = store.find(invitation.id, question_key, media) if media in store.KINDS else None
    if row is None:
        return problem("no_page", 404)
    return store.as_response(row)


@bp.app_template_filter("media_words")
def _media_words(media) -> list[str]:
    return media_words(media)


@bp.app_template_global("drawing_data_uri")
def _drawing_data_uri(invitation_id: int, question_key: str) -> str | None:
    return store.drawing_data_uri(invitation_id, question_key)
