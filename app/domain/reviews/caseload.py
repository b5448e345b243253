"""The caseload: each child a user may see, with their next review, its due date under
regulation 33 and its child's invitation; its filters; and the booklets waiting to be read.

Who may see which child is in :mod:`app.domain.reviews.access`; the caseload's own query keeps to
the same children (the IRO's own and those they cover for; every child for a manager).

**One status per review** (:attr:`CaseloadRow.status`), so that a row never says "Overdue",
"Booked late" and "14 days late" at once. In order of precedence:

1. *Booked late*: a review is booked, but for after the date it is due by (whether or not that
   date has passed). What to do is bring it forward, so that is what the row says, with how many
   days after the due date it is booked.
2. *Overdue*: no review is booked and the due date has passed; with how many days late.
3. *Due soon*: no review is booked and it is due within four weeks; with the days left.
4. Otherwise no mark, only the days left (a review booked in time needs nothing doing).

The "Overdue" filter lists every review whose due date has passed, booked or not: a booked one
says "Booked late" there.

**Booklets to read** (:func:`unread_invitations`) has one definition, used by the list of
booklets waiting, the filter's count and the rows it keeps: sent back, not marked read, from
any review of a child whose booklets the user reads (:func:`app.domain.reviews.access.may_mark_read`:
their own children and those they cover for; for a manager, also children with no IRO).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, true
from sqlalchemy.orm import load_only, selectinload

from app.domain.reviews.cover import covers_held_by
from app.domain.reviews.timescales import schedule
from app.domain.themes.flags import marks_of
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
    # An answer to read today: a worrying choice, or words the themes engine could not read.
    read_today: bool = False
    # Set when the child is here only because ``user`` covers for the child's own IRO.
    cover: Cover | None = None
    # How many of the child's booklets wait for ``user`` to read (see unread_invitations).
    waiting: int = 0

    @property
    def unread(self) -> bool:
        return self.waiting > 0

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
    def status(self) -> str | None:
        """The one mark the row shows: booked-late, overdue, soon or None (see the module)."""
        if self.booked_late:
            return "booked-late"
        if self.booked is None and self.overdue:
            return "overdue"
        if self.booked is None and self.due_soon:
            return "soon"
        return None

    @property
    def booked_days_late(self) -> int | None:
        """How many days after the due date the booked review is; None if not booked late."""
        return (self.booked - self.due).days if self.booked_late else None

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
    """Urgent booklets first, then ones to read today, then overdue reviews, then the soonest."""
    return (
        not row.urgent,
        not row.read_today,
        not row.overdue,
        row.when or date.max,
        row.child.display_name.lower(),
    )


def caseload(
    user: User, today: date | None = None, waiting: list[Invitation] | None = None
) -> list[CaseloadRow]:
    """The children ``user`` may see, most pressing first, with due dates from regulation 33.

    ``waiting`` are the booklets to read (see :func:`unread_invitations`), if already known.
    """
    today = today or date.today()
    covers = _covers(user, today)
    scope = _scope(user, list(covers))
    if waiting is None:
        waiting = unread_invitations(user, today)
    waiting_by_child: dict[int, int] = defaultdict(int)
    for invitation in waiting:
        waiting_by_child[invitation.review.child_id] += 1
    children = db.session.scalars(
        db.select(Child).where(scope).options(selectinload(Child.team), selectinload(Child.iro))
    ).all()
    upcoming = _next_reviews(scope, today)
    held = _held_reviews(scope, today)
    marks = marks_of(i for review in upcoming.values() for i in review.invitations)
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
                urgent=bool(review) and any(i.id in marks.urgent for i in review.invitations),
                read_today=bool(review)
                and any(i.id in marks.read_today for i in review.invitations),
                cover=None if child.iro_id == user.id else covers.get(child.iro_id),
                waiting=waiting_by_child.get(child.id, 0),
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
    waiting = unread_invitations(user)
    everything = caseload(user, waiting=waiting)
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
    counts = {key: sum(row.shown_in(key) for row in everything) for key in FILTERS}
    # Booklets, not children: the same number as the list of booklets waiting says.
    counts["to-read"] = len(waiting)
    return {
        "rows": [row for row in rows if row.shown_in(show)],
        "everyone": len(rows),
        "unread": waiting,
        "counts": counts,
        "filters": FILTERS,
        "show": show,
        "covering": covering,
    }


def unread_invitations(user: User, today: date | None = None) -> list[Invitation]:
    """Booklets sent back and not read yet, of the children whose booklets ``user`` reads.

    Those are the children ``user`` is the IRO for today (their own and those they cover for) and,
    for a manager, children with no IRO: see :func:`app.domain.reviews.access.may_mark_read`.
    Managers see every child, but the reading is the IRO's; listing the whole council's unread
    booklets would bury their own.
    """
    covered = list(_covers(user, today or date.today()))
    readers = Child.iro_id.in_([user.id, *covered])
    if user.is_manager:
        readers = or_(readers, Child.iro_id.is_(None))
    return list(
        db.session.scalars(
            db.select(Invitation)
            .join(Review, Review.id == Invitation.review_id)
            .join(Child, Child.id == Review.child_id)
            .where(
                Invitation.submitted_at.is_not(None),
                Invitation.read_at.is_(None),
                readers,
            )
            .options(selectinload(Invitation.review).selectinload(Review.child))
            .order_by(Review.review_date, Invitation.submitted_at)
        )
    )
