"""Booklet versions that an admin has uploaded but not published yet.

A draft is kept apart from ``BookletVersion`` so that nothing a child can be given, and nothing a
report counts, ever points at words that nobody has checked in the preview.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.core import BookletVersion, User, utcnow


class BookletDraft(db.Model):
    """An uploaded definition, already checked, waiting to be previewed and published."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), index=True)
    version: Mapped[int]
    definition: Mapped[dict] = mapped_column(JSON)
    # The file as uploaded, comments included: the next author starts from the words and notes.
    source: Mapped[str] = mapped_column(db.Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Set once published; the draft stays so that its file, comments included, can be downloaded.
    published_id: Mapped[int | None] = mapped_column(
        ForeignKey("booklet_version.id", ondelete="SET NULL")
    )

    uploaded_by: Mapped[User | None] = relationship()
    published: Mapped[BookletVersion | None] = relationship()
