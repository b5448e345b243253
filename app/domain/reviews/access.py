"""Who may see a child, their review and what the child kept for their IRO.

Every page, PDF, letter and alert goes through these rules, so that a cover ending or a hand-over
takes effect everywhere at once.
"""

from __future__ import annotations

from datetime import date

from flask import abort
from sqlalchemy.orm import selectinload

from app.domain.reviews.cover import is_covering
from app.extensions import db
from app.models import Child, Invitation, Review, User


def acts_as_iro(user: User, child: Child, today: date | None = None) -> bool:
    """Whether ``user`` is the child's IRO today: allocated, or covering for the allocated IRO."""
    return child.iro_id == user.id or is_covering(user, child.iro_id, today)


def can_see(user: User, child: Child) -> bool:
    """Managers see every child; an IRO only the children they are the IRO for today."""
    return user.is_manager or acts_as_iro(user, child)


def can_see_private(user: User, child: Child) -> bool:
    """Only the child's IRO (or who covers for them) reads what the child kept for their IRO."""
    return acts_as_iro(user, child)


def may_mark_read(user: User, child: Child) -> bool:
    """Whether ``user`` may mark the child's booklets as read.

    "Read" tells the child's IRO (or whoever covers for them) what is left to read, so a manager
    only looking must not clear it; a child with no IRO is left to the managers.
    """
    if acts_as_iro(user, child):
        return True
    return child.iro_id is None and user.is_manager


def review_or_404(review_id: int, user: User) -> Review:
    """The review with its child, team and invitations (answers too), if ``user`` may see it.

    Another IRO's review is "not found", not "forbidden": its existence is not theirs to know.
    """
    review = db.session.execute(
        db.select(Review)
        .filter_by(id=review_id)
        .options(
            selectinload(Review.child).selectinload(Child.team),
            selectinload(Review.child).selectinload(Child.iro),
            selectinload(Review.team),
            selectinload(Review.invitations).selectinload(Invitation.answers),
            selectinload(Review.invitations).selectinload(Invitation.booklet_version),
        )
    ).scalar_one_or_none()
    if review is None or not can_see(user, review.child):
        abort(404)
    return review


def invitation_or_404(review: Review, invitation_id: int) -> Invitation:
    """One of the review's invitations; any other id is not found."""
    invitation = next((i for i in review.invitations if i.id == invitation_id), None)
    if invitation is None:
        abort(404)
    return invitation
