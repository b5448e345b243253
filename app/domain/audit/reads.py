"""Which pages and downloads read a child's answers, recorded after each successful response.

Kept as one table of endpoints here rather than a line in every view, so that a new page that
shows answers is audited by adding it to ``READS``, and a view moved to another module keeps
its audit. Only successful responses count: a 404 for another IRO's child read nothing.
"""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from app.domain.audit import record
from app.extensions import db
from app.models import Review
from app.models.alerts import Alert

# endpoint: what the signed-in person did with the child's record
READS = {
    "staff.review": "read answers",
    "staff.answers_pdf": "printed answers",
    "staff.answer_media": "viewed a drawing or recording",
    "staff.you_said": "read you-said letter",
    "staff.you_said_pdf": "printed you-said letter",
    "staff.letter_pdf": "printed invitation letter",
    "staff.outcome_form": "read outcome",
    "staff.alert": "read alert",
}
# Downloads of figures about many children: no one child, but who took what, and when.
EXPORTS = {"managers.index", "managers.pack_xlsx", "managers.pack_pdf"}


def _child_of(view_args: dict):
    if "review_id" in view_args:
        review = db.session.get(Review, view_args["review_id"])
        return review.child if review else None
    if "alert_id" in view_args:
        alert = db.session.get(Alert, view_args["alert_id"])
        return alert.invitation.review.child if alert else None
    return None


def init_app(app: Flask) -> None:
    @app.after_request
    def _audit_reads(response):
        endpoint = request.endpoint
        if response.status_code != 200 or not current_user.is_authenticated:
            return response
        if endpoint in READS and request.method in ("GET", "POST"):
            args = request.view_args or {}
            detail = ", ".join(f"{k} {v}" for k, v in sorted(args.items()))
            record(READS[endpoint], child=_child_of(args), detail=detail)
        elif endpoint in EXPORTS and "attachment" in response.headers.get(
            "Content-Disposition", ""
        ):
            filename = response.headers["Content-Disposition"].split("filename=", 1)[-1]
            record(
                "exported",
                detail=f"{filename.strip(chr(34))} ({request.query_string.decode()[:200]})",
            )
        else:
            return response
        db.session.commit()
        return response
