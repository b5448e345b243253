"""Admin: booklet versions uploaded through the web, checked, previewed as a child sees them, and
published without changing what older invitations and answers mean."""

import copy
import io
import re

import pytest
import yaml

from app.domain.booklets.definitions import BOOKLET_DIR, latest_version
from app.extensions import db
from app.models import Answer, BookletVersion, Invitation, Role
from app.models.booklet_drafts import BookletDraft
from tests.admin_helpers import (
    BUNDLED,
    MIDDLE,
    NEW_LABEL,
    NEW_OPTION,
    NEXT,
    PAGE,
    QUESTION,
    admin,
    middle_next,
    upload,
)
from tests.factories import make_invitation, make_user, text_of

OLD = BUNDLED["pages"][PAGE]["questions"][QUESTION]
OLD_LABEL, OLD_OPTION = OLD["label"], OLD["options"][0]


def drafts() -> list[BookletDraft]:
    db.session.expire_all()
    return list(db.session.execute(db.select(BookletDraft)).scalars())


@pytest.fixture
def signed_in(client, auth, admin):
    auth.login("admin@example.org")
    return client


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER])
def test_admins_and_managers_see_every_booklet_and_which_version_is_live(app, client, auth, role):
    make_user(email="someone@example.org", role=role)
    auth.login("someone@example.org")
    response = client.get("/admin/")
    assert response.status_code == 200
    words = text_of(response)
    for slug in ("middle", "after", "parent", "carer"):
        assert f"({slug})" in words
    assert "Live" in words
    assert response.page.select_one(f'a[href="/admin/booklets/middle/{NEXT - 1}.yaml"]')
    assert client.get("/staff/").page.select_one('a[href="/admin/"]')


def test_iros_are_refused_and_strangers_sent_to_sign_in(client, auth, iro):
    assert client.get("/admin/").status_code == 302
    assert "/staff/sign-in" in client.get("/admin/").headers["Location"]
    auth.login()
    assert client.get("/admin/").status_code == 403
    assert upload(client, middle_next()).status_code == 403
    assert drafts() == []
    assert 'href="/admin/"' not in client.get("/staff/").get_data(as_text=True)


def test_broken_yaml_gives_its_line_and_saves_nothing(signed_in):
    lines = MIDDLE.splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("    title: "))
    lines[line - 1] = lines[line - 1].replace("title: ", "title: [", 1)
    broken = "".join(lines).replace(f"\nversion: {NEXT - 1}\n", f"\nversion: {NEXT}\n", 1)
    response = upload(signed_in, broken)
    assert response.status_code == 400
    words = text_of(response)
    assert "Nothing was saved" in words
    # The parser notices the missing bracket a little after it was opened.
    found = int(re.search(r"line (\d+), column \d+", words).group(1))
    assert line <= found <= line + 3
    assert drafts() == []


def test_every_schema_problem_is_listed_with_its_page_and_question(signed_in):
    bad = middle_next(changes={(0, 0, "kind"): "smileys", (0, 1, "label"): ""})
    response = upload(signed_in, bad)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "page 1, question 1: &#39;smileys&#39; is not a kind of question we know" in html
    assert "page 1, question 2 needs &#39;label&#39;" in html
    assert drafts() == []


def test_a_version_that_is_not_newer_is_refused_in_plain_words(signed_in):
    response = upload(signed_in, MIDDLE)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f"version {NEXT - 1} of &#39;middle&#39; is already published" in html
    assert f"version {NEXT} or more" in html
    assert drafts() == []


def test_not_a_text_file_is_refused(signed_in):
    data = {"file": (io.BytesIO(b"\xff\xfe\x00\x01binary"), "picture.png")}
    response = signed_in.post("/admin/upload", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "not plain text" in response.get_data(as_text=True)
    assert signed_in.post("/admin/upload", data={}).status_code == 400
    assert drafts() == []


def test_upload_makes_a_draft_previewed_in_a_phone_frame_with_the_childs_page(signed_in):
    response = upload(signed_in, middle_next())
    assert response.status_code == 302
    (draft,) = drafts()
    assert (draft.slug, draft.version) == ("middle", NEXT)
    # Not live: new invitations still get version 1 until it is published.
    assert latest_version("middle").version == NEXT - 1

    frame = signed_in.get(response.headers["Location"]).page.select_one("iframe")
    assert (frame["width"], frame["height"]) == ("360", "640")
    assert frame["src"] == f"/admin/drafts/{draft.id}/preview/1"
    assert frame.has_attr("title")

    number = PAGE + 1
    chosen = signed_in.get(f"/admin/drafts/{draft.id}?page={number}").page
    assert chosen.select_one("iframe")["src"] == f"/admin/drafts/{draft.id}/preview/{number}"
    response = signed_in.get(f"/admin/drafts/{draft.id}/preview/{number}")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
    child_page = response.page
    assert BUNDLED["pages"][PAGE]["title"] in child_page.select_one("h1").get_text()
    assert NEW_LABEL in text_of(child_page) and NEW_OPTION in text_of(child_page)
    assert child_page.select_one("fieldset") and "I need help now" in text_of(child_page)
    assert signed_in.get(f"/admin/drafts/{draft.id}/preview/99").status_code == 404


def test_publish_makes_it_live_for_new_invitations_and_old_ones_keep_theirs(app, signed_in):
    old = make_invitation()
    upload(signed_in, middle_next())
    (draft,) = drafts()
    response = signed_in.post(f"/admin/drafts/{draft.id}/publish", follow_redirects=True)
    assert response.status_code == 200
    assert f"Version {NEXT} of “middle” is live" in response.get_data(as_text=True)
    db.session.expire_all()
    assert latest_version("middle").version == NEXT
    assert latest_version("middle").definition["pages"][PAGE]["questions"][QUESTION]["label"] == (
        NEW_LABEL
    )
    assert db.session.get(BookletVersion, old_version_id(old)).version == NEXT - 1
    # The draft is done with; publishing it twice makes nothing more.
    assert signed_in.post(f"/admin/drafts/{draft.id}/publish").status_code == 404
    versions = db.session.execute(db.select(BookletVersion).filter_by(slug="middle")).scalars()
    assert sorted(v.version for v in versions)[-2:] == [NEXT - 1, NEXT]


def old_version_id(link) -> int:
    return db.session.get(Invitation, link.id).booklet_version_id


def test_publishing_an_older_draft_after_a_newer_one_is_refused(signed_in):
    upload(signed_in, middle_next())
    upload(signed_in, middle_next(NEXT + 1))
    two, three = sorted(drafts(), key=lambda d: d.version)
    assert signed_in.post(f"/admin/drafts/{three.id}/publish").status_code == 302
    response = signed_in.post(f"/admin/drafts/{two.id}/publish")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f"version {NEXT + 1} of &#39;middle&#39; is already published" in html
    assert latest_version("middle").version == NEXT + 1


def test_download_gives_the_file_as_written(signed_in):
    bundled = signed_in.get(f"/admin/booklets/middle/{NEXT - 1}.yaml")
    assert bundled.status_code == 200
    assert "attachment" in bundled.headers["Content-Disposition"]
    assert bundled.get_data(as_text=True) == MIDDLE
    upload(signed_in, middle_next())
    (draft,) = drafts()
    signed_in.post(f"/admin/drafts/{draft.id}/publish")
    mine = signed_in.get(f"/admin/booklets/middle/{NEXT}.yaml").get_data(as_text=True)
    assert mine == middle_next()
    assert signed_in.get("/admin/booklets/middle/9.yaml").status_code == 404


def test_old_answer_reads_the_same_after_its_booklet_gets_a_new_version(app, client, auth, iro):
    link = make_invitation()
    invitation = db.session.get(Invitation, link.id)
    db.session.add(
        Answer(
            invitation=invitation,
            question_key=OLD["key"],
            value=OLD_OPTION["key"],
            booklet_version_id=invitation.booklet_version_id,
        )
    )
    db.session.commit()
    review_id = invitation.review_id

    make_user(email="admin@example.org", role=Role.ADMIN, name="Ada Admin")
    auth.login("admin@example.org")
    upload(client, middle_next())
    (draft,) = drafts()
    client.post(f"/admin/drafts/{draft.id}/publish")
    assert latest_version("middle").version == NEXT
    auth.switch_to("iro@example.org")
    response = client.get(f"/staff/reviews/{review_id}")
    html = response.get_data(as_text=True)
    assert OLD_LABEL in text_of(response) and NEW_LABEL not in html
    assert OLD_OPTION["label"] in [dd.get_text().strip() for dd in response.page.select("dd")]
    assert NEW_OPTION not in html

    # A new invitation for another child gets the new words.
    newer = make_invitation(ref="C200", name="Alex")
    assert db.session.get(Invitation, newer.id).booklet_version.version == NEXT
