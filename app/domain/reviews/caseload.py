"""The caseload: each child a user may see, with their next review, its due date under
regulation 33 and its child's invitation; its filters; and the booklets waiting to be read.

Who may see which child is in :mod:`app.domain.reviews.access`; the caseload's own query keeps to
the same children (the IRO's own and those they cover for; every child for a manager).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import true
from sqlalchemy.orm import load_only, selectinload

from app.domain.reviews.cover import covers_held_by
from app.domain.reviews.timescales import schedule
from app.extensions import db
from app.models import Answer, Child, Invitation, Review, User
from app.models.cover import Cover

# "Due soon" and the "due in 4 weeks" filter: four weeks is how far ahead booklets go out.
SOON_DAYS = 28

# Keys double as CSS class names (spaces become dashes); labels are what the IRO reads.
STATE_LABELS = {
    "not invited": _l("not invited"),
    "invited": _l("invited"),
    "opened": _l("opened"),
    "in progress": _l("in progress"),
    "sent": _l("sent"),
    "read": _l("read"),
    "revoked": _l("link stopped"),
}

# The caseload's filters, in the order the IRO sees them; keys are the ``show`` values in the URL.
FILTERS = {
    "all": _l("All"),
    "overdue": _l("Overdue"),
    "soon": _l("Due in 4 weeks"),
    "to-read": _l("Booklets to read"),
}


def state_of(invitation: Invitation) -> str:
    """An invitation's state, with ``read`` once the IRO has read what was sent."""
    if invitation.submitted_at:
        return "read" if invitation.read_at else "sent"
    return invitation.state.value


def ordered(invitations: list[Invitation]) -> list[Invitation]:
    return sorted(invitations, key=lambda i: (i.created_at, i.id))


def child_invitation(invitations: list[Invitation]) -> tuple[Invitation | None, str]:
    """The child's invitation that matters most for a review, and its state.

    Unread answers come first, whatever happened to the link since; then the newest link that
    still works; a review whose every link was stopped counts as not invited.
    """
    mine = ordered([i for i in invitations if i.respondent == "child"])
    unread = [i for i in mine if i.submitted_at and not i.read_at]
    if unread:
        return unread[-1], "sent"
    live = [i for i in mine if i.revoked_at is None or i.submitted_at]
    if not live:
        return None, "not invited"
    return live[-1], state_of(live[-1])


@dataclass
class CaseloadRow:
    child: Child
    age: int
    next_review: Review | None
    last_review: Review | None
    invitation: Invitation | None
    state: str
    days_until: int | None
    today: date
    # The latest date the next review may be held by, from regulation 33; None when unknown.
    due: date | None = None
    urgent: bool = False
    # Set when the child is here only because ``user`` covers for the child's own IRO.
    cover: Cover | None = None

    @property
    def unread(self) -> bool:
        return self.state == "sent"

    @property
    def booked(self) -> date | None:
        return self.next_review.review_date if self.next_review else None

    @property
    def days_left(self) -> int | None:
        return (self.due - self.today).days if self.due else None

    @property
    def overdue(self) -> bool:
        # ``due`` counts from the last review held, so a passed due date means none was held since.
        return self.due is not None and self.due < self.today

    @property
    def booked_late(self) -> bool:
        return self.due is not None and self.booked is not None and self.booked > self.due

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= SOON_DAYS

    @property
    def when(self) -> date | None:
        """The date that comes first: the booked review, or the due date if that is earlier."""
        days = [day for day in (self.booked, self.due) if day]
        return min(days) if days else None

    def shown_in(self, show: str) -> bool:
        if show == "overdue":
            return self.overdue
        if show == "soon":
            return self.due_soon or (
                self.booked is not None and (self.booked - self.today).days <= SOON_DAYS
            )
        if show == "to-read":
            return self.unread
        return True


def _scope(user: User, covered: list[int]):
    """A condition on Child that keeps an IRO to their own caseload and the ones they cover."""
    return true() if user.is_manager else Child.iro_id.in_([user.id, *covered])


def _covers(user: User, today: date) -> dict[int, Cover]:
    """The covers ``user`` holds today by absent IRO id; the one lasting longest for each."""
    if user.is_manager:
        return {}
    held: dict[int, Cover] = {}
    for cover in covers_held_by(user, today):
        if cover.absent_iro_id == user.id:
            continue
        if cover.absent_iro_id not in held or cover.ends_on > held[cover.absent_iro_id].ends_on:
            held[cover.absent_iro_id] = cover
    return held


def _next_reviews(scope, today: date) -> dict[int, Review]:
    """Each child's next review (today or later) with its invitations, by child id."""
    chosen = (
        db.select(Review.child_id, db.func.min(Review.review_date).label("day"))
        .join(Child, Child.id == Review.child_id)
        .where(Review.review_date >= today, scope)
        .group_by(Review.child_id)
        .subquery()
    )
    stmt = (
        db.select(Review)
        .join(chosen, (Review.child_id == chosen.c.child_id) & (Review.review_date == chosen.c.day))
        # Only whether answers exist matters here, never what they say.
        .options(
            selectinload(Review.invitations)
            .selectinload(Invitation.answers)
            .options(load_only(Answer.id, Answer.invitation_id))
        )
    )
    return {review.child_id: review for review in db.session.scalars(stmt)}


def _held_reviews(scope, today: date) -> dict[int, list[Review]]:
    """Every review already held (before today), oldest first, by child id, in one query."""
    held: dict[int, list[Review]] = defaultdict(list)
    stmt = (
        db.select(Review)
        .join(Child, Child.id == Review.child_id)
        .where(Review.review_date < today, scope)
        .options(load_only(Review.id, Review.child_id, Review.review_date))
        .order_by(Review.review_date)
    )
    for review in db.session.scalars(stmt):
        held[review.child_id].append(review)
    return held


def sort_key(row: CaseloadRow):
    """Urgent booklets first, then overdue reviews, then the soonest date; no date at all last."""
    return (not row.urgent, not row.overdue, row.when or date.max, row.child.display_name.lower())


def caseload(user: User, today: date | None = None) -> list[CaseloadRow]:
    """The children ``user`` may see, most pressing first, with due dates from regulation 33."""
    today = today or date.today()
    covers = _covers(user, today)
    scope = _scope(user, list(covers))
    children = db.session.scalars(
        db.select(Child).where(scope).options(selectinload(Child.team), selectinload(Child.iro))
    ).all()
    upcoming = _next_reviews(scope, today)
    held = _held_reviews(scope, today)
    rows = []
    for child in children:
        review = upcoming.get(child.id)
        invitation, state = child_invitation(review.invitations) if review else (None, "")
        past = held.get(child.id, [])
        rows.append(
            CaseloadRow(
                child=child,
                age=child.age_on(today),
                next_review=review,
                last_review=past[-1] if past else None,
                invitation=invitation,
                state=state,
                days_until=(review.review_date - today).days if review else None,
                today=today,
                due=schedule(child.looked_after_on, [r.review_date for r in past])[1],
                urgent=bool(review) and any(i.urgent_at for i in review.invitations),
                cover=None if child.iro_id == user.id else covers.get(child.iro_id),
            )
        )
    rows.sort(key=sort_key)
    return rows


@dataclass
class Covering:
    """The children of one absent IRO on the caseload of the IRO covering for them."""

    cover: Cover
    rows: list[CaseloadRow]
    everyone: int


def caseload_page(user: User, show: str = "all") -> dict:
    """What the caseload page shows: the rows the filter ``show`` keeps, and each filter's count.

    Children covered for another IRO are counted by the filters but listed apart, under whose
    they are and until when, so that nobody mistakes them for their own caseload.
    """
    everything = caseload(user)
    rows = [row for row in everything if row.cover is None]
    groups: dict[int, list[CaseloadRow]] = defaultdict(list)
    for row in everything:
        if row.cover is not None:
            groups[row.cover.id].append(row)
    covering = [
        Covering(
            cover=group[0].cover,
            rows=[row for row in group if row.shown_in(show)],
            everyone=len(group),
        )
        for group in sorted(groups.values(), key=lambda g: g[0].cover.absent_iro.name.lower())
    ]
    return {
        "rows": [row for row in rows if row.shown_in(show)],
        "everyone": len(rows),
        "counts": {key: sum(row.shown_in(key) for row in everything) for key in FILTERS},
        "filters": FILTERS,
        "show": show,
        "covering": covering,
    }


def unread_invitations(user: User) -> list[Invitation]:
    """Booklets sent back and not read yet by ``user`` as the children's own IRO.

    Managers see every child, but the reading is the IRO's; listing the whole council's unread
    booklets would bury their own.
    """
    return list(
        db.session.scalars(
            db.select(Invitation)
            .join(Review, Review.id == Invitation.review_id)
            .join(Child, Child.id == Review.child_id)
            .where(
                Invitation.submitted_at.is_not(None),
                Invitation.read_at.is_(None),
                Child.iro_id == user.id,
            )
            .options(selectinload(Invitation.review).selectinload(Review.child))
            .order_by(Review.review_date, Invitation.submitted_at)
        )
    )
