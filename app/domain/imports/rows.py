"""What a review-records import reads and what it reports: one checked row, and the result.

Shared by the reader, which checks every row, and the writer, which stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Conflict:
    """Two or more different rows for the same child and review date."""

    child_ref: str
    review_date: date
    lines: list[int]
    codes: list[str]


@dataclass
class ImportResult:
    """What an import did, or why it did nothing."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    children_created: int = 0
    children_updated: int = 0
    teams_created: int = 0
    errors: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    # The first rows as they will be (or were) imported, for the upload's preview.
    preview: list[ReviewRow] = field(default_factory=list)
    # True when nothing was written: the counts say what importing the file would do.
    dry_run: bool = False
    # What the file was recognised as, e.g. "903 Reviews file".
    layout: str = ""
    layout_kind: str = ""
    # Rows that were exact copies of an earlier row, read once.
    duplicates: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    # The manager chose to leave the conflicting reviews out and import the rest.
    conflicts_skipped: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class ReviewRow:
    """One row that passed every check, as it will be stored; ``line`` is its line in the file."""

    line: int
    child_ref: str
    date_of_birth: date
    review_date: date
    team: str | None
    participation_code: str | None
    venue: str | None
    child_last_seen_by_iro: date | None
    first_name: str | None
    preferred_name: str | None
    iro_id: int | None
    review_type: str | None
    language: str | None

    def values(self) -> tuple:
        """Everything but the line: two rows with the same values are copies of each other."""
        return tuple(getattr(self, name) for name in self.__slots__ if name != "line")
