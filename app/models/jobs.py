"""Long work run off the web request (a big import, the pack's PDF), and what it produced."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.domain.privacy.crypto import EncryptedBytes, EncryptedJSON
from app.extensions import db
from app.models.core import utcnow


class BackgroundJob(db.Model):
    """One piece of long work asked for by a member of staff, its progress and its result.

    Kept in the database, not on one server's disk or in one worker's memory, so that any app
    server can show its progress and a second server can confirm an import the first previewed.
    The uploaded file and the result hold children's records: both are encrypted, and
    ``jobs purge`` deletes jobs a day old.
    """

    __tablename__ = "background_job"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # queued, running, done or failed
    status: Mapped[str] = mapped_column(String(10), default="queued")
    step: Mapped[int] = mapped_column(Integer, default=0)
    steps: Mapped[int] = mapped_column(Integer, default=1)
    # Which step is running, as a key the page translates (never a child's detail).
    label: Mapped[str] = mapped_column(String(40), default="queued")
    # Rows checked or written so far in this step, of about how many (an import's, else None).
    rows_done: Mapped[int | None] = mapped_column(Integer)
    rows_total: Mapped[int | None] = mapped_column(Integer)
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    payload: Mapped[bytes | None] = mapped_column(EncryptedBytes, deferred=True)
    result: Mapped[dict | None] = mapped_column(EncryptedJSON)
    output: Mapped[bytes | None] = mapped_column(EncryptedBytes, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")
