"""Everything held about one child: gathered for a subject-access request, or erased.

A subject-access export has the child's details, every review with what was recorded, every
booklet link (dates and state, never a secret), every answer in words (only-IRO answers too: it
is the child's own data), themes, urgent flags and alerts with what staff did, where links were
sent, and who read or printed the record (the audit log). Erasure deletes all of it except the
audit log's lines, which name the child only by case reference and must outlive the record to
show who saw it.
"""

from __future__ import annotations

from datetime import date, datetime

from app.domain.reading.answers import media_words, read_invitation
from app.extensions import db
from app.models import Answer, Child, Invitation
from app.models.alerts import Alert
from app.models.audit import AuditEvent
from app.models.media import AnswerMedia
from app.models.sending import InvitationContact
from app.models.themes import AnswerTheme, UrgentFlag


def find_child(child_ref: str) -> Child | None:
    return db.session.execute(
        db.select(Child).filter_by(child_ref=(child_ref or "").strip())
    ).scalar_one_or_none()


def _when(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _invitation(invitation: Invitation) -> dict:
    reading = read_invitation(invitation)
    alert = db.session.execute(
        db.select(Alert).filter_by(invitation_id=invitation.id)
    ).scalar_one_or_none()
    themes = db.session.scalars(
        db.select(AnswerTheme).join(Answer).where(Answer.invitation_id == invitation.id)
    ).all()
    return {
        "for": invitation.respondent,
        "booklet": f"{invitation.booklet_version.slug} v{invitation.booklet_version.version}",
        "language": invitation.language,
        "made": _when(invitation.created_at),
        "opened": _when(invitation.opened_at),
        "sent back": _when(invitation.submitted_at),
        "stopped": _when(invitation.revoked_at),
        "read by the IRO": _when(invitation.read_at),
        "marked urgent": _when(invitation.urgent_at),
        "answers": [
            {
                "page": str(a.page_title),
                "question": str(a.label),
                "answer": str(a.words),
                "only for my IRO": a.only_iro,
                # The files themselves are on the IRO's reading page; the export names them.
                **({"also": media_words(a.media)} if a.media else {}),
            }
            for a in reading.answers + reading.unmatched
            if a.answered
        ],
        "themes": [
            {"question": t.answer.question_key, "theme": t.theme, "status": t.status}
            for t in themes
        ],
        "urgent flags": [
            {
                "question": f.question_key,
                "words": list(f.evidence or []),
                "when": _when(f.flagged_at),
            }
            for f in invitation.urgent_flags
        ],
        "alert": None
        if alert is None
        else {
            "reason": alert.reason,
            "raised": _when(alert.raised_at),
            "acknowledged": _when(alert.acknowledged_at),
            "what was done": alert.action_taken,
        },
        "sent to": [
            {"by": c.channel, "address": c.address, "when": _when(c.sent_at)}
            for c in invitation.contacts
        ],
    }


def subject_access(child: Child) -> dict:
    """Everything held about the child, as plain data (dates as ISO text)."""
    reviews = []
    for review in child.reviews:
        reviews.append(
            {
                "date": _when(review.review_date),
                "type": review.review_type,
                "team": review.team.name if review.team else None,
                "venue": review.venue,
                "participation code": review.participation_code,
                "last seen by the IRO": _when(review.child_last_seen_by_iro),
                "how the child took part": review.took_part,
                "chaired by": review.chaired_by,
                "you said, we did": review.decisions or [],
                "booklets": [_invitation(i) for i in review.invitations],
            }
        )
    access = db.session.scalars(
        db.select(AuditEvent).filter_by(child_ref=child.child_ref).order_by(AuditEvent.at)
    ).all()
    return {
        "child": {
            "case reference": child.child_ref,
            "first name": child.first_name,
            "preferred name": child.preferred_name,
            "date of birth": _when(child.date_of_birth),
            "looked after since": _when(child.looked_after_on),
            "language": child.language,
            "team": child.team.name if child.team else None,
            "IRO": child.iro.name if child.iro else None,
        },
        "reviews": reviews,
        "placements": [
            {"from": _when(p.starts_on), "type": p.placement_type, "where": p.location}
            for p in child.placements
        ],
        "who read or printed this record": [
            {"when": _when(e.at), "who": e.user_email, "what": e.action} for e in access
        ],
    }


def erase(child: Child) -> int:
    """Delete the child and everything about them (not the audit log). How many reviews went.

    The caller records the erasure in the audit log and commits.
    """
    reviews = list(child.reviews)
    for review in reviews:
        for invitation in list(review.invitations):
            _erase_invitation(invitation)
        db.session.delete(review)
    db.session.delete(child)
    db.session.flush()
    return len(reviews)


def _erase_invitation(invitation: Invitation) -> None:
    answer_ids = [a.id for a in invitation.answers]
    if answer_ids:
        db.session.execute(db.delete(AnswerTheme).where(AnswerTheme.answer_id.in_(answer_ids)))
    for model in (Alert, UrgentFlag, InvitationContact, AnswerMedia):
        db.session.execute(db.delete(model).where(model.invitation_id == invitation.id))
    db.session.execute(db.delete(Answer).where(Answer.invitation_id == invitation.id))
    db.session.expire(invitation)
    db.session.delete(invitation)


def past_retention(today: date, age: int) -> list[Child]:
    """Children who reached the council's retention age (for example their 25th birthday)."""
    born_by = _years_before(today, age)
    return list(
        db.session.scalars(
            db.select(Child).where(Child.date_of_birth <= born_by).order_by(Child.id)
        )
    )


def purge_past_retention(today: date, age: int) -> int:
    """Erase every child past the retention age, each erasure in the audit log; how many."""
    from app.domain.audit import record

    due = past_retention(today, age)
    for child in due:
        record("erased child", child=child, detail=f"retention: age {age}")
        erase(child)
    db.session.commit()
    return len(due)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
