"""Issue 11, "done when": every route, walked as anonymous, a child, the IRO, another IRO, a
manager and an admin, answers as that person should be answered, and never with a 500."""

from datetime import timedelta

import pytest
from werkzeug.routing import Rule

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Answer, Role, utcnow
from app.models.booklet_drafts import BookletDraft
from app.models.cover import Cover
from tests.conftest import make_user
from tests.test_alerts import _nothing_leaves_the_machine, booklet, raise_for
from tests.test_staff import TODAY, make_child

ROLES = ["anonymous", "child", "iro", "other_iro", "manager", "admin"]
STAFF_ROLES = {"iro", "other_iro", "manager", "admin"}

# Pages anyone may open: the child's booklet (its own checks say which booklet), signing in.
# The recovery codes are shown once to whoever just set up two-step sign-in, else not found.
PUBLIC = {
    "static",
    "auth.login",
    "auth.code",
    "auth.set_password",
    "auth.two_factor_setup",
    "auth.recovery_codes",
}
PUBLIC_PREFIX = "booklet."
MANAGERS = ("managers.", "admin.")
ADMINS = ("admin.staff",)
MANAGER_PAGES = {"staff.alert_settings", "staff.outbox"}
# Only the child's IRO marks their answers read; a manager reading them has not read them "for" it.
IRO_ONLY = {"staff.mark_read"}
# Routes about one child: another IRO is told "not found", never "forbidden".
ABOUT_A_CHILD = ("review_id", "alert_id")
# Done last: they change who is signed in.
LAST = {"auth.logout", "auth.change_password"}


def expected(endpoint: str, rule: Rule, role: str) -> str:
    if endpoint in PUBLIC or endpoint.startswith(PUBLIC_PREFIX):
        return "any"
    if role not in STAFF_ROLES or endpoint == "auth.logout":
        return "sign in"
    if endpoint in IRO_ONLY and role in ("manager", "admin"):
        return "forbidden"
    if endpoint.startswith(ADMINS):
        return "ok" if role == "admin" else "forbidden"
    if endpoint.startswith(MANAGERS) or endpoint in MANAGER_PAGES:
        return "ok" if role in ("manager", "admin") else "forbidden"
    if any(arg in rule.arguments for arg in ABOUT_A_CHILD) and role == "other_iro":
        return "not found"
    return "ok"


def outcome(response) -> str:
    if response.status_code in (301, 302, 303) and "/staff/sign-in" in response.location:
        return "sign in"
    return {403: "forbidden", 404: "not found", 500: "error"}.get(response.status_code, "ok")


@pytest.fixture
def world(app, iro, booklet):
    """The IRO's child with answers and an alert; another IRO, a manager, an admin; a child."""
    other = make_user(email="other@example.org", name="Other IRO")
    make_user(email="manager@example.org", role=Role.MANAGER, name="Morgan Lee")
    make_user(email="admin@example.org", role=Role.ADMIN, name="Ada Admin")
    spare = make_user(email="spare@example.org", name="Spare")
    alert = raise_for(booklet)
    booklet.submitted_at = utcnow()
    words = next(q.key for q in booklet_of(booklet.booklet_version).questions() if q.is_text)
    answer = Answer(invitation=booklet, booklet_version_id=booklet.booklet_version_id)
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
    db.session.add_all([draft, cover])
    db.session.commit()
    return {
        "review_id": booklet.review_id,
        "invitation_id": booklet.id,
        "answer_id": answer.id,
        "alert_id": alert.id,
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
        "child_token": token,
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


def test_every_route_for_every_role(app, world):
    seen, wrong = 0, []
    for role in ROLES:
        client = client_for(app, role, world)
        # Opening a booklet forgets whoever used the browser before (a shared phone), so staff
        # walk the children's pages in a browser of their own.
        public = client if role == "child" else app.test_client()
        for rule, method in routes(app):
            url = rule.build({k: world[k] for k in rule.arguments}, append_unknown=False)[1]
            want = expected(rule.endpoint, rule, role)
            browser = public if want == "any" else client
            # Forms a page needs to name what it is about (the IRO whose caseload is handed over).
            params = {"from_iro": str(world["user_id"])}
            if method == "GET":
                response = browser.open(url, method=method, query_string=params)
            else:
                response = browser.open(url, method=method, data=params)
            got = outcome(response)
            seen += 1
            if got == "error" or (want != "any" and got != want):
                wrong.append(
                    f"{role:9} {method:4} {url}: {response.status_code} ({got}), expected {want}"
                )
    assert not wrong, "\n".join(wrong)
    assert seen >= 6 * 70
