"""Writing checked review rows: bulk lookups and bulk statements, never one query per row.

Called by :func:`app.domain.imports.reader.import_reviews` once every row has passed its checks; the
caller commits or rolls back, so a file is written whole or not at all.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, update

from app.domain.imports.rows import ImportResult, ReviewRow
from app.extensions import db
from app.models import Child, Review, Team

# Large enough that 200,000 rows need few round trips (a database whose statistics are not yet
# up to date after a big import may scan a table once per query), and well under SQLite's limit
# of 32,766 bound parameters.
_CHUNK = 5000
# Review fields an import sets, in the order they are compared.
REVIEW_FIELDS = ("review_type", "team_id", "venue", "participation_code", "child_last_seen_by_iro")


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write(rows: list[ReviewRow], result: ImportResult) -> None:
    """Create or update the teams, children and reviews that ``rows`` describe."""
    team_ids = _teams([row.team for row in rows if row.team], result)
    children, stored = _existing(sorted({row.child_ref for row in rows}))
    child_ids = _children(rows, team_ids, children, stored, result)
    _reviews(rows, child_ids, team_ids, stored, result)


def _teams(names: list[str], result: ImportResult) -> dict[str, int]:
    """Team ids by case-folded name, creating the teams the file names for the first time."""
    ids = {name.casefold(): id_ for id_, name in db.session.execute(db.select(Team.id, Team.name))}
    new: dict[str, str] = {}
    for name in names:
        if name.casefold() not in ids:
            new.setdefault(name.casefold(), name)
    if new:
        db.session.execute(insert(Team), [{"name": name} for name in new.values()])
        result.teams_created = len(new)
        ids = {n.casefold(): id_ for id_, n in db.session.execute(db.select(Team.id, Team.name))}
    return ids


def _existing(refs: list[str]) -> tuple[dict[str, Child], dict[tuple[int, date], tuple]]:
    """The children already stored with these refs, and all their reviews by (child id, date)."""
    children: dict[str, Child] = {}
    stored: dict[tuple[int, date], tuple] = {}
    for chunk in _chunks(refs):
        found = db.session.execute(db.select(Child).where(Child.child_ref.in_(chunk))).scalars()
        ids = []
        for child in found:
            children[child.child_ref] = child
            ids.append(child.id)
        if not ids:
            continue
        for review in db.session.execute(
            db.select(Review.id, Review.child_id, Review.review_date)
            .add_columns(*(getattr(Review, name) for name in REVIEW_FIELDS))
            .where(Review.child_id.in_(ids))
        ):
            stored[(review.child_id, review.review_date)] = tuple(review)
    return children, stored


def _children(rows, team_ids, existing: dict[str, Child], stored, result) -> dict[str, int]:
    """Child ids by child_ref; a child's current details come from their latest review row."""
    # Later rows overwrite earlier ones, but an empty cell never overwrites a value.
    latest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: r.review_date):
        values = latest.setdefault(row.child_ref, {"date_of_birth": row.date_of_birth})
        values["_last"] = row.review_date
        for key, value in (
            ("first_name", row.first_name),
            ("preferred_name", row.preferred_name),
            ("language", row.language),
            ("iro_id", row.iro_id),
            ("team_id", team_ids[row.team.casefold()] if row.team else None),
        ):
            if value is not None:
                values[key] = value
    newest: dict[int, date] = {}
    for child_id, review_date in stored:
        if child_id not in newest or review_date > newest[child_id]:
            newest[child_id] = review_date

    inserts, updates = [], []
    for ref, values in latest.items():
        last = values.pop("_last")
        child = existing.get(ref)
        if child is None:
            inserts.append({"child_ref": ref, "language": "en", **values})
            continue
        # A file older than what is stored must not move a child back to an old team or IRO.
        if child.id in newest and newest[child.id] > last:
            values = {"date_of_birth": values["date_of_birth"]}
        changes = {k: v for k, v in values.items() if getattr(child, k) != v}
        if changes:
            updates.append({"id": child.id, **changes})
    if inserts:
        db.session.execute(insert(Child), inserts)
    if updates:
        db.session.execute(update(Child), updates)
    result.children_created, result.children_updated = len(inserts), len(updates)

    ids: dict[str, int] = {ref: child.id for ref, child in existing.items()}
    for chunk in _chunks([row["child_ref"] for row in inserts]):
        ids.update(
            db.session.execute(
                db.select(Child.child_ref, Child.id).where(Child.child_ref.in_(chunk))
            ).all()
        )
    return ids


def _reviews(rows, child_ids, team_ids, stored, result: ImportResult) -> None:
    inserts, updates = [], []
    for row in rows:
        child_id = child_ids[row.child_ref]
        values = (
            row.review_type,
            team_ids[row.team.casefold()] if row.team else None,
            row.venue,
            row.participation_code,
            row.child_last_seen_by_iro,
        )
        old = stored.get((child_id, row.review_date))
        if old is None:
            inserts.append(
                {"child_id": child_id, "review_date": row.review_date}
                | dict(zip(REVIEW_FIELDS, values, strict=True))
            )
            continue
        # An empty cell keeps what is stored: the IRO may have recorded the venue, code or visit
        # in My Say itself, and a case-record extract that lacks it must not erase it.
        current = tuple(old[3:])
        merged = tuple(
            new if new is not None else was for new, was in zip(values, current, strict=True)
        )
        if merged == current:
            result.unchanged += 1
        else:
            updates.append({"id": old[0]} | dict(zip(REVIEW_FIELDS, merged, strict=True)))
    if inserts:
        db.session.execute(insert(Review), inserts)
    if updates:
        # ORM bulk UPDATE by primary key: one executemany, not one statement per row.
        db.session.execute(update(Review), updates)
    result.created, result.updated = len(inserts), len(updates)
