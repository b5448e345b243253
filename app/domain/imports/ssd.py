"""The Standard Safeguarding Dataset's ``ssd_cla_reviews``, with dates of birth from ``ssd_person``.

Column names are data-to-insight's SSD specification. A review row's ``clar_cla_id`` names a
looked-after episode; ``ssd_cla_episodes`` (``clae_cla_id``, ``clae_person_id``) links it to the
child. Assumption, documented in docs/contracts.md: when the episodes file is not given, or does
not list the episode, ``clar_cla_id`` is taken to be the child's ``pers_person_id`` (several
councils' extracts fill it so). The child's reference in My Say is ``pers_person_id``.

A row with a due date and no review date is an upcoming review: it is imported on its due date,
so the review calendar and the invitations fill themselves. A cancelled review is not imported.
A child already in My Say keeps the date of birth stored when ``ssd_person`` is not given.
"""

from __future__ import annotations

from flask_babel import gettext as _

from app.domain.imports.rows import ImportResult
from app.domain.imports.table import EITHER, Table, cell_text, csv_records, header_names, quote
from app.extensions import db
from app.models import Child

REVIEWS = (
    "clar_cla_review_id",
    "clar_cla_id",
    "clar_cla_review_due_date",
    "clar_cla_review_date",
    "clar_cla_review_cancelled",
    "clar_cla_review_participation",
)
PERSON = ("pers_person_id", "pers_dob")
EPISODES = ("clae_cla_id", "clae_person_id")
# How a cancelled flag is written: Y/N, 1/0, true/false, PostgreSQL's t/f, Access's -1; empty is
# "not cancelled". Anything else is asked about rather than guessed.
_YES = {"y", "yes", "1", "-1", "true", "t"}
_NO = {"", "n", "no", "0", "false", "f"}
# Not in the SSD: My Say's own export adds the venue it recorded, and reads it back.
VENUE = "mysay_venue"
COLUMNS = {
    "child_ref": 0,
    "date_of_birth": 1,
    "review_date": 2,
    "participation_code": 3,
    "venue": 4,
}
LABELS = {
    "child_ref": "clar_cla_id",
    "date_of_birth": "pers_dob",
    "review_date": "clar_cla_review_date",
    "participation_code": "clar_cla_review_participation",
    "venue": VENUE,
}


def is_reviews(names: list[str]) -> bool:
    return {"clar_cla_id", "clar_cla_review_date"} <= set(names)


def is_person(names: list[str]) -> bool:
    return set(PERSON) <= set(names)


def is_episodes(names: list[str]) -> bool:
    return set(EPISODES) <= set(names)


def _lookup(text: str | None, key: str, wanted: str) -> dict[str, str]:
    if text is None:
        return {}
    header, records = csv_records(text)
    names = header_names(header)
    k, v = names.index(key), names.index(wanted)
    found: dict[str, str] = {}
    for _line, cells in records:
        if len(cells) > max(k, v) and cell_text(cells[k]):
            found.setdefault(cell_text(cells[k]), cell_text(cells[v]))
    return found


def read(text: str, person: str | None, episodes: str | None, result: ImportResult) -> Table | None:
    header, records = csv_records(text)
    names = header_names(header)
    missing = [name for name in REVIEWS if name not in names]
    if missing:
        result.errors.append(
            _("The header row has no column named %(names)s.", names=", ".join(missing))
        )
        return None
    result.unknown_columns.extend(
        header[i].strip()
        for i, name in enumerate(names)
        if name and name not in REVIEWS and name != VENUE
    )
    at = {name: names.index(name) for name in (*REVIEWS, VENUE) if name in names}
    births = _lookup(person, "pers_person_id", "pers_dob")
    people = _lookup(episodes, "clae_cla_id", "clae_person_id")

    def rows():
        for line, cells in records:
            cell = {name: (cell_text(cells[i]) if i < len(cells) else "") for name, i in at.items()}
            cancelled = cell["clar_cla_review_cancelled"]
            if cancelled.casefold() in _YES:
                continue
            if cancelled.casefold() not in _NO:
                # Told here, with the row's other problems: the row is still checked.
                result.errors.append(
                    _(
                        "line %(line)d: clar_cla_review_cancelled '%(value)s' is not Y or N",
                        line=line,
                        value=quote(cancelled),
                    )
                )
            child_ref = people.get(cell["clar_cla_id"], cell["clar_cla_id"])
            day = cell["clar_cla_review_date"] or cell["clar_cla_review_due_date"]
            code = cell["clar_cla_review_participation"]
            venue = cell.get(VENUE, "")
            yield line, [child_ref, births.get(child_ref, ""), day, code, venue]

    return Table(
        kind="ssd",
        label=_("Standard Safeguarding Dataset reviews (ssd_cla_reviews)"),
        columns=dict(COLUMNS),
        records=_with_stored_births(rows(), result if person is None else None),
        width=len(header),
        labels=dict(LABELS),
        dates=EITHER,
    )


def _with_stored_births(records, result: ImportResult | None):
    """Fill a missing date of birth from a child already in My Say (looked up in bulk).

    ``result`` (given when ssd_person was not) is told once where the missing ones come from.
    """
    pending = list(records)
    refs = {cells[0] for _line, cells in pending if cells[0] and not cells[1]}
    stored: dict[str, str] = {}
    refs_list = sorted(refs)
    for start in range(0, len(refs_list), 5000):
        chunk = refs_list[start : start + 5000]
        stored.update(
            (ref, born.isoformat())
            for ref, born in db.session.execute(
                db.select(Child.child_ref, Child.date_of_birth).where(Child.child_ref.in_(chunk))
            )
        )
    if result is not None and refs - stored.keys():
        result.errors.append(
            _(
                "Some children are new to My Say, and their dates of birth are in ssd_person: "
                "choose that file with ssd_cla_reviews and try again."
            )
        )
    for line, cells in pending:
        if cells[0] and not cells[1]:
            cells[1] = stored.get(cells[0], "")
        yield line, cells
