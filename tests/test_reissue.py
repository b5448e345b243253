"""Issue 11, gap 6: reissuing a lost link carries the child's answers over to the new link."""

from app.domain.booklets.definitions import latest_version
from app.domain.invitations.links import create
from app.extensions import db
from app.models import Invitation
from tests.booklet_helpers import POSTED, checked_values
from tests.factories import answers_of, make_invitation


def test_a_reissued_link_opens_on_the_answers_already_given(app, client, iro):
    old = make_invitation()
    client.get(f"/b/{old.token}")
    client.post("/my-say/page/1", data=POSTED[1])
    client.post("/my-say/page/2", data=POSTED[2])
    saved = {k: a.value for k, a in answers_of(old).items()}
    assert saved

    review = db.session.get(Invitation, old.id).review
    new, token, _code = create(review, latest_version("middle"), created_by=iro)
    db.session.commit()

    phone = app.test_client()
    assert phone.get(f"/b/{token}").location == "/my-say/page/3"
    page = phone.get("/my-say/page/1").page
    assert checked_values(page, "home_feel") == {"very_happy"}
    assert "My nan" in phone.get("/my-say/page/2").get_data(as_text=True)
    db.session.expire_all()
    assert {a.question_key: a.value for a in new.answers} == saved
    # The old link is stopped and keeps no copy: nothing is counted twice.
    assert answers_of(old) == {} and db.session.get(Invitation, old.id).revoked_at


def test_the_reissue_button_carries_answers_over(client, auth, iro):
    old = make_invitation()
    client.get(f"/b/{old.token}")
    client.post("/my-say/page/1", data=POSTED[1])
    review_id = db.session.get(Invitation, old.id).review_id
    auth.login()
    page = client.post(
        f"/staff/reviews/{review_id}/invitations",
        data={"respondent": "child", "booklet": "middle", "language": "en"},
    )
    assert page.status_code == 200
    db.session.expire_all()
    newest = db.session.scalars(
        db.select(Invitation).filter_by(review_id=review_id).order_by(Invitation.id.desc())
    ).first()
    assert newest.id != old.id and {a.question_key for a in newest.answers} >= {"home_feel"}


def test_a_different_booklet_starts_empty(app, iro):
    old = make_invitation()
    client = app.test_client()
    client.get(f"/b/{old.token}")
    client.post("/my-say/page/1", data=POSTED[1])
    review = db.session.get(Invitation, old.id).review
    new, _token, _code = create(review, latest_version("teen"))
    db.session.commit()
    assert new.answers == [] and answers_of(old) != {}
