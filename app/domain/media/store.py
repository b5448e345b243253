"""Keeping, finding and removing the drawings and recordings of one booklet."""

from __future__ import annotations

import base64

from flask import Response

from app.extensions import db
from app.models import Invitation
from app.models.media import AnswerMedia

DRAWING = "drawing"
VOICE = "voice"
KINDS = (DRAWING, VOICE)


def media_of(invitation_id: int) -> dict[str, set[str]]:
    """question key -> the kinds added to it ("drawing", "voice"), without loading the bytes."""
    found: dict[str, set[str]] = {}
    rows = db.session.execute(
        db.select(AnswerMedia.question_key, AnswerMedia.kind).filter_by(invitation_id=invitation_id)
    )
    for key, kind in rows:
        found.setdefault(key, set()).add(kind)
    return found


def find(invitation_id: int, question_key: str, kind: str) -> AnswerMedia | None:
    return db.session.execute(
        db.select(AnswerMedia).filter_by(
            invitation_id=invitation_id, question_key=question_key, kind=kind
        )
    ).scalar_one_or_none()


def keep(invitation: Invitation, question_key: str, kind: str, data: bytes, mimetype: str):
    """Keep a checked file, in place of any earlier one for the same question. Caller commits."""
    row = find(invitation.id, question_key, kind)
    if row is None:
        row = AnswerMedia(invitation_id=invitation.id, question_key=question_key, kind=kind)
        db.session.add(row)
    row.data, row.mimetype = data, mimetype
    return row


def remove(invitation: Invitation, question_key: str, kind: str) -> None:
    row = find(invitation.id, question_key, kind)
    if row is not None:
        db.session.delete(row)


def as_response(row: AnswerMedia) -> Response:
    """A kept drawing or recording for the one browser that asked: no shared cache keeps it."""
    return Response(
        row.data,
        mimetype=row.mimetype,
        headers={"Cache-Control": "private, no-store", "Content-Disposition": "inline"},
    )


def drawing_data_uri(invitation_id: int, question_key: str) -> str | None:
    """The drawing inside a PDF itself: a PDF cannot fetch it from a signed-in page."""
    row = find(invitation_id, question_key, DRAWING)
    if row is None:
        return None
    return f"data:{row.mimetype};base64," + base64.b64encode(row.data).decode("ascii")
