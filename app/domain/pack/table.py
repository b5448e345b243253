"""The shape of a table in the pack: one report, this year beside the year before.

Shared by the build that fills it, the charts drawn from it and the PDF and XLSX written from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

Cell = str | int | Decimal | None


@dataclass
class PackTable:
    """One report, this year beside last year.

    ``label_columns`` are the report's leading text columns (a team; or a group and a name);
    ``groups`` are its value columns. Each row holds the labels, then for each group this year's
    cell and the previous year's.
    """

    name: str
    title: str
    label_columns: list[str]
    groups: list[str]
    this_label: str
    last_label: str
    rows: list[list[Cell]] = field(default_factory=list)
    percent_groups: frozenset[str] = frozenset()

    @property
    def columns(self) -> list[str]:
        """Flat column labels, as one header row in a spreadsheet."""
        flat = list(self.label_columns)
        for group in self.groups:
            flat += [f"{group} {self.this_label}", f"{group} {self.last_label}"]
        return flat

    @property
    def wide(self) -> bool:
        # More than ten columns do not fit across portrait A4 at a readable size.
        return len(self.columns) > 10

    def at(self, group: str, *, previous: bool = False) -> int:
        """The index in a row of one group's cell for this year (or the previous one)."""
        return len(self.label_columns) + 2 * self.groups.index(group) + (1 if previous else 0)

    def label(self, row: list[Cell]) -> str:
        """A row's labels as one line ("IRO – Sam Patel"), leaving out empty ones."""
        parts = [str(cell) for cell in row[: len(self.label_columns)] if cell not in (None, "")]
        return " \u2013 ".join(parts)

    def column(self, group: str, *, previous: bool = False) -> dict[str, Cell]:
        """One group's cells by row label (later duplicates of a label are left out)."""
        at = self.at(group, previous=previous)
        out: dict[str, Cell] = {}
        for row in self.rows:
            out.setdefault(self.label(row), row[at])
        return out
