"""Caseload cover: one IRO looking after another IRO's children for a while."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.core import User, utcnow


class Cover(db.Model):
    """A manager's grant: ``covering_iro`` sees ``absent_iro``'s children from start to end.

    Nothing about the children is copied: whose children they are is always ``Child.iro_id``,
    so a hand-over during a cover moves the children out of it too.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    absent_iro_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    covering_iro_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    # Included: the cover still holds on this day and ends at its close.
    ends_on: Mapped[date] = mapped_column(Date)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Staff words only ("Annual leave"), never anything about a child.
    reason: Mapped[str | None] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    absent_iro: Mapped[User] = relationship(foreign_keys=[absent_iro_id])
    covering_iro: Mapped[User] = relationship(foreign_keys=[covering_iro_id])
    granted_by: Mapped[User | None] = relationship(foreign_keys=[granted_by_id])

    def active_on(self, day: date) -> bool:
        return self.revoked_at is None and self.starts_on <= day <= self.ends_on
