"""Saved import mappings: listing, checking and saving how an extract maps to the contract."""

from __future__ import annotations

from flask_babel import gettext as _

from app.domain.reviews.participation import VENUES, normalise_code
from app.extensions import db
from app.models.imports import ImportMapping


def mapping_names() -> list[str]:
    return list(
        db.session.execute(db.select(ImportMapping.name).order_by(ImportMapping.name)).scalars()
    )


def find_mapping(name: str) -> ImportMapping | None:
    return db.session.execute(db.select(ImportMapping).filter_by(name=name)).scalar_one_or_none()


def word_problems(codes: dict[str, str], venues: dict[str, str]) -> dict[str, str]:
    """Per field, what is wrong with the words a manager matched to ours."""
    problems: dict[str, str] = {}
    for theirs, ours in codes.items():
        try:
            if normalise_code(ours) is None:
                raise ValueError
        except ValueError:
            problems["codes"] = _(
                "%(theirs)s = %(ours)s: a code must be one of PN0 to PN7", theirs=theirs, ours=ours
            )
    for theirs, ours in venues.items():
        if ours.lower() not in VENUES:
            problems["venues"] = _(
                "%(theirs)s = %(ours)s: a venue must be one of %(venues)s",
                theirs=theirs,
                ours=ours,
                venues=", ".join(VENUES),
            )
    return problems


def save_mapping(
    name: str,
    columns: dict[str, str],
    dates: str,
    codes: dict[str, str],
    venues: dict[str, str],
    teams: dict[str, str],
) -> ImportMapping:
    """Create the mapping called ``name``, or replace what it says; the caller commits."""
    mapping = find_mapping(name) or ImportMapping(name=name)
    mapping.columns = {ours: theirs.strip() for ours, theirs in columns.items() if theirs.strip()}
    mapping.dates = dates
    mapping.codes = {theirs: normalise_code(ours) for theirs, ours in codes.items()}
    mapping.venues = {theirs: ours.lower() for theirs, ours in venues.items()}
    mapping.teams = dict(teams)
    db.session.add(mapping)
    return mapping
