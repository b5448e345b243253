"""Handing caseloads over and time-limited cover between IROs, shared by pages and access checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import true
from sqlalchemy.orm import contains_eager

from app.domain.audit import record
from app.domain.reviews.timescales import add_months
from app.extensions import db
from app.models import Child, Role, User, utcnow
from app.models.cover import Cover

# Long absences are a hand-over, not cover: a child should know who their IRO is.
MAX_COVER_MONTHS = 6


def _active(today: date):
    return (Cover.revoked_at.is_(None)) & (Cover.starts_on <= today) & (Cover.ends_on >= today)


def covers_held_by(user: User, today: date | None = None) -> list[Cover]:
    """The covers ``user`` holds today, with the absent IROs, in one query."""
    today = today or date.today()
    absent = db.aliased(User)
    return list(
        db.session.scalars(
            db.select(Cover)
            .join(absent, absent.id == Cover.absent_iro_id)
            .where(Cover.covering_iro_id == user.id, _active(today))
            .options(contains_eager(Cover.absent_iro.of_type(absent)))
            .order_by(absent.name, Cover.ends_on)
        ).unique()
    )


def is_covering(user: User, iro_id: int | None, today: date | None = None) -> bool:
    """Whether ``user`` holds a cover today for the IRO whose id is ``iro_id``."""
    if iro_id is None:
        return False
    today = today or date.today()
    found = db.session.scalar(
        db.select(Cover.id)
        .where(Cover.covering_iro_id == user.id, Cover.absent_iro_id == iro_id, _active(today))
        .limit(1)
    )
    return found is not None


def child_scope(user: User, today: date | None = None):
    """A condition on Child: the children ``user`` is the IRO for today, or every child for a
    manager. For lists that cannot go through ``can_see`` one child at a time.
    """
    if user.is_manager:
        return true()
    covered = db.select(Cover.absent_iro_id).where(
        Cover.covering_iro_id == user.id, _active(today or date.today())
    )
    return (Child.iro_id == user.id) | Child.iro_id.in_(covered)


def cover_problems(absent_id: int, covering_id: int, starts_on: date, ends_on: date, today: date):
    """What is wrong with a cover, in plain words, by form field; empty when it may be granted."""
    problems: dict[str, str] = {}
    if absent_id == covering_id:
        problems["covering_iro"] = _l(
            "Choose a different IRO to cover: an IRO cannot cover for themselves"
        )
    if ends_on < starts_on:
        problems["ends_on"] = _l("The last day of cover must be the same as or after the first day")
    elif ends_on > add_months(starts_on, MAX_COVER_MONTHS):
        problems["ends_on"] = _l(
            "Cover can last up to 6 months. For a longer absence, hand the children over instead"
        )
    elif ends_on < today:
        problems["ends_on"] = _l("The last day of cover has already passed")
    return problems


def grant_cover(
    absent: User,
    covering: User,
    starts_on: date,
    ends_on: date,
    granted_by: User,
    reason: str | None = None,
) -> Cover:
    cover = Cover(
        absent_iro=absent,
        covering_iro=covering,
        starts_on=starts_on,
        ends_on=ends_on,
        granted_by=granted_by,
        reason=reason or None,
    )
    db.session.add(cover)
    return cover


def stop_cover(cover: Cover, by: User) -> None:
    if cover.revoked_at is None:
        cover.revoked_at = utcnow()
        cover.revoked_by_id = by.id


def current_and_upcoming(today: date | None = None) -> list[Cover]:
    """Covers not stopped that have not ended yet, soonest first."""
    today = today or date.today()
    return list(
        db.session.scalars(
            db.select(Cover)
            .where(Cover.revoked_at.is_(None), Cover.ends_on >= today)
            .order_by(Cover.starts_on, Cover.ends_on, Cover.id)
        )
    )


@dataclass
class Caseload:
    iro: User
    size: int


def iros() -> list[User]:
    """Staff who may take children: active IROs, and anyone who holds children already."""
    holding = db.select(Child.iro_id).where(Child.iro_id.is_not(None))
    return list(
        db.session.scalars(
            db.select(User)
            .where(((User.role == Role.IRO) & User.active.is_(True)) | User.id.in_(holding))
            .order_by(User.name, User.id)
        )
    )


def caseload_sizes() -> list[Caseload]:
    """Every IRO with the number of children allocated to them, biggest caseload first."""
    sizes = dict(
        db.session.execute(
            db.select(Child.iro_id, db.func.count(Child.id))
            .where(Child.iro_id.is_not(None))
            .group_by(Child.iro_id)
        ).all()
    )
    rows = [Caseload(iro=user, size=sizes.get(user.id, 0)) for user in iros()]
    rows.sort(key=lambda row: (-row.size, row.iro.name.lower()))
    return rows


def children_of(iro_id: int) -> list[Child]:
    children = db.session.scalars(db.select(Child).where(Child.iro_id == iro_id))
    return sorted(children, key=lambda child: (child.display_name.lower(), child.child_ref))


def hand_over(
    from_iro: User, to_iro: User, child_ids: list[int], by: User | None = None
) -> list[Child]:
    """Move the chosen children from one IRO to another; their reviews follow the child.

    Only children still on ``from_iro``'s caseload move, so a stale form cannot take a child
    from whoever has them now. Each child moved gets the audit line a change of IRO by hand
    gets: who may read a child's words changed.
    """
    if not child_ids:
        return []
    children = list(
        db.session.scalars(
            db.select(Child).where(Child.iro_id == from_iro.id, Child.id.in_(child_ids))
        )
    )
    for child in children:
        child.iro_id = to_iro.id
        record(
            "IRO changed",
            user=by,
            child=child,
            detail=f"from {from_iro.email} to {to_iro.email} (hand-over)",
        )
    return children
