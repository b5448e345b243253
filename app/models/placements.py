"""Where a child lives: each placement move, as the 903 Episodes table and SSD's
``ssd_cla_placement`` record one (a start date and a placement type), entered by hand."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.domain.privacy.crypto import EncryptedText
from app.extensions import db
from app.models.core import Child, User, utcnow


class Placement(db.Model):
    """One placement of one child, from the day it started; the newest is where they live now.

    A child and a start date identify it, as a child and a review date identify a review, so
    entering the same move twice corrects it rather than adding another.
    """

    __table_args__ = (UniqueConstraint("child_id", "starts_on", name="uq_placement_child_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    child_id: Mapped[int] = mapped_column(ForeignKey("child.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    # The 903 PLACE code (app/domain/reviews/moves.py has them in words).
    placement_type: Mapped[str] = mapped_column(String(2))
    # The home's name, a town or a postcode district: it says where a child in care lives, so it
    # is encrypted at rest like the placement contact.
    location: Mapped[str | None] = mapped_column(EncryptedText)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    # Declared from this side (backref) so the core models need not import this module back.
    # Newest first: a child's first placement is where they live now.
    child: Mapped[Child] = relationship(
        backref=backref(
            "placements", order_by="Placement.starts_on.desc()", cascade="all, delete-orphan"
        )
    )
    recorded_by: Mapped[User | None] = relationship()
