"""Issue 11, "done when": every route, walked as anonymous, a child, the IRO, another IRO, a
manager and an admin, answers as that person should be answered, and never with a 500."""

from datetime import timedelta

import pytest
from werkzeug.routing import Rule

from app.domain.booklets.definitions import booklet_of, latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Answer, Role
from app.models.booklet_drafts import BookletDraft
from app.models.cover import Cover
from tests.alerts_helpers import _nothing_leaves_the_machine, raise_for, worried
from tests.conftest import make_user
from tests.factories import TODAY, make_child
from tests.route_roles_helpers import LAST, STAFF_ROLES, client_for, routes, world

ROLES = ["anonymous", "child", "iro", "other_iro", "manager", "admin"]

# Pages anyone may open: the child's booklet (its own checks say which booklet), signing in.
# The recovery codes are shown once to whoever just set up two-step sign-in, else not found.
PUBLIC = {
    "static",
    "auth.login",
    "auth.code",
    "auth.set_password",
    "auth.two_factor_setup",
    "auth.recovery_codes",
    "favicon",
    "bundle",
    "health.healthz",
}
PUBLIC_PREFIX = "booklet."
MANAGERS = ("managers.", "admin.")
ADMINS = ("admin.staff",)
MANAGER_PAGES = {"staff.alert_settings", "staff.outbox", "staff.labels_csv"}
# Only the child's IRO marks their answers read; a manager reading them has not read them "for" it.
IRO_ONLY = {"staff.mark_read"}
# Routes about one child: another IRO is told "not found", never "forbidden".
ABOUT_A_CHILD = ("review_id", "alert_id")
# A job (an import, the pack's file) is its owner's: another manager is told "not found".
JOB_OWNER = "manager"
# Done last: they change who is signed in.


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
        if role not in ("manager", "admin"):
            return "forbidden"
        return "not found" if "job_id" in rule.arguments and role != JOB_OWNER else "ok"
    if any(arg in rule.arguments for arg in ABOUT_A_CHILD) and role == "other_iro":
        return "not found"
    return "ok"


def outcome(response) -> str:
    if response.status_code in (301, 302, 303) and "/staff/sign-in" in response.location:
        return "sign in"
    return {403: "forbidden", 404: "not found", 500: "error"}.get(response.status_code, "ok")


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
