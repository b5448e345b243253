"""Helpers that test_route_roles.py and other test modules share (no test module imports another)."""

from datetime import timedelta

import pytest
from werkzeug.routing import Rule

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Answer, Role
from app.models.booklet_drafts import BookletDraft
from app.models.cover import Cover
from app.models.jobs import BackgroundJob
from app.models.media import AnswerMedia
from app.models.themes import FlagLevel, UrgentFlag
from tests.alerts_helpers import raise_for
from tests.clock import now
from tests.conftest import make_user
from tests.factories import TODAY, make_child

STAFF_ROLES = {"iro", "other_iro", "manager", "admin"}

LAST = {"auth.logout", "auth.change_password"}


@pytest.fixture
def world(app, iro, worried):
    """The IRO's child with answers and an alert; another IRO, a manager, an admin; a child."""
    other = make_user(email="other@example.org", name="Other IRO")
    manager = make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")
    make_user(email="admin@example.org", role=Role.ADMIN, name="Ada Admin")
    spare = make_user(email="spare@example.org", name="Spare")
    alert = raise_for(worried)
    worried.submitted_at = now()
    words = next(q.key for q in booklet_of(worried.booklet_version).questions() if q.is_text)
    answer = Answer(invitation=worried, booklet_version_id=worried.booklet_version_id)
    answer.question_key = words
    answer.set_value("I want to play football on Saturdays with my friends", words=True)
    db.session.add(answer)
    db.session.flush()
    own = make_child("C-OWN", other)
    _inv, token, _code = create(own.reviews[0], latest_version("middle"))
    version = latest_version("middle")
    draft = BookletDraft(
        slug="middle", version=version.version + 1, definition=version.definition, source="x"
    )
    cover = Cover(
        absent_iro_id=iro.id,
        covering_iro_id=other.id,
        starts_on=TODAY + timedelta(days=30),
        ends_on=TODAY + timedelta(days=40),
    )
    # A flag a covering or allocated IRO can mark read (the flag routes need one).
    flag = UrgentFlag(
        invitation_id=worried.id, question_key=words, evidence=["zebra"], level=FlagLevel.READ_TODAY
    )
    # The manager's finished pack, which only they may see and download.
    job = BackgroundJob(
        id="a-finished-pack-job-of-the-manager",
        kind="pack-pdf",
        owner_id=manager.id,
        status="done",
        steps=3,
        step=3,
        params={"filename": "annual-pack-2024.pdf", "mimetype": "application/pdf"},
        output=b"%PDF-1.7",
    )
    # A drawing for that answer, which the staff route shows to whoever may read the child's answers.
    drawing = AnswerMedia(
        invitation_id=worried.id,
        question_key=words,
        kind="drawing",
        mimetype="image/png",
        data=b"\x89PNG\r\n\x1a\n",
    )
    db.session.add_all([draft, cover, flag, job, drawing])
    db.session.commit()
    return {
        "review_id": worried.review_id,
        "invitation_id": worried.id,
        "answer_id": answer.id,
        "alert_id": alert.id,
        "flag_id": flag.id,
        "draft_id": draft.id,
        "cover_id": cover.id,
        "user_id": spare.id,
        "number": 1,
        "slug": "middle",
        "version": version.version,
        "token": token,
        "child_ref": "C-77",
        "kind": "json",
        "action": "unlock",
        "filename": "css/app.css",
        "name": "booklet.css",
        "child_token": token,
        "job_id": job.id,
        "question_key": words,
        "media": "drawing",
    }


def client_for(app, role: str, world):
    client = app.test_client()
    if role == "child":
        client.get(f"/b/{world['child_token']}")
    elif role in STAFF_ROLES:
        email = {"iro": "iro@example.org", "other_iro": "other@example.org"}.get(
            role, f"{role}@example.org"
        )
        response = client.post("/staff/sign-in", data={"email": email, "password": "correct horse"})
        assert response.status_code == 302, role
    return client


def routes(app):
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in LAST, r.endpoint))
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method
