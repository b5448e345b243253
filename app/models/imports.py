"""Saved ways of reading a council's own extract: column names and words matched to ours."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.core import utcnow


class ImportMapping(db.Model):
    """How one extract's columns and words map to the review-records contract."""

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    # contract column -> the extract's column name
    columns: Mapped[dict] = mapped_column(JSON, default=dict)
    # "iso", "dmy" or "either" (app.domain.imports.table)
    dates: Mapped[str] = mapped_column(String(10), default="either")
    # the extract's word -> ours, for participation codes, venues and teams
    codes: Mapped[dict] = mapped_column(JSON, default=dict)
    venues: Mapped[dict] = mapped_column(JSON, default=dict)
    teams: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
