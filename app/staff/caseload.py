"""Who an IRO may see, and the caseload: each child with their next review and its invitation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import true
from sqlalchemy.orm import load_only, selectinload

from app.extensions import db
from app.models import Answer, Child, Invitation, Review, User

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


def can_see(user: User, child: Child) -> bool:
    """Managers see every child; an IRO only the children on their own caseload."""
    return user.is_manager or child.iro_id == user.id


def can_see_private(user: User, child: Child) -> bool:
    """Only the child's own IRO reads answers the child kept for them, not even a manager."""
    return child.iro_id == user.id


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

    @property
    def unread(self) -> bool:
        return self.state == "sent"


def _scope(user: User):
    """A condition on Child that keeps an IRO to their own caseload."""
    return true() if user.is_manager else Child.iro_id == user.id


def _reviews_on(user: User, today: date, upcoming: bool) -> dict[int, Review]:
    """Each child's next review (``upcoming``) or latest past one, by child id, in two queries."""
    if upcoming:
        pick = db.func.min(Review.review_date)
        when = Review.review_date >= today
    else:
        pick = db.func.max(Review.review_date)
        when = Review.review_date < today
    chosen = (
        db.select(Review.child_id, pick.label("day"))
        .join(Child, Child.id == Review.child_id)
        .where(when, _scope(user))
        .group_by(Review.child_id)
        .subquery()
    )
    stmt = db.select(Review).join(
        chosen, (Review.child_id == chosen.c.child_id) & (Review.review_date == chosen.c.day)
    )
    if upcoming:
        # Only whether answers exist matters here, never what they say.
        stmt = stmt.options(
            selectinload(Review.invitations)
            .selectinload(Invitation.answers)
            .options(load_only(Answer.id, Answer.invitation_id))
        )
    return {review.child_id: review for review in db.session.scalars(stmt)}


def caseload(user: User, today: date | None = None) -> list[CaseloadRow]:
    """The children ``user`` may see, soonest review first; children with no review last."""
    today = today or date.today()
    children = db.session.scalars(
        db.select(Child)
        .where(_scope(user))
        .options(selectinload(Child.team), selectinload(Child.iro))
    ).all()
    upcoming = _reviews_on(user, today, upcoming=True)
    past = _reviews_on(user, today, upcoming=False)
    rows = []
    for child in children:
        review = upcoming.get(child.id)
        invitation, state = child_invitation(review.invitations) if review else (None, "")
        rows.append(
            CaseloadRow(
                child=child,
                age=child.age_on(today),
                next_review=review,
                last_review=past.get(child.id),
                invitation=invitation,
                state=state,
                days_until=(review.review_date - today).days if review else None,
            )
        )
    rows.sort(
        key=lambda r: (
            r.next_review.review_date if r.next_review else date.max,
            r.child.display_name.lower(),
        )
    )
    return rows


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
