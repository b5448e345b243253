"""What issue 13's speed-ups keep: a question drawn once and kept still shows each child their own
choices in their own language, and gunicorn's master (which makes the app before forking the
workers, gunicorn.conf.py) hands the workers no database connection to share."""

from flask_babel import force_locale, gettext

from app import preload
from app.domain.booklets import definitions
from app.extensions import db
from app.models import BookletVersion, Invitation
from tests.factories import make_invitation


def save_page_1(client, feel):
    response = client.post(
        "/my-say/page/1", data={"home_feel": feel, "home_safe": "yes", "action": "next"}
    )
    assert response.status_code == 302


def checked(client, name="home_feel"):
    page = client.get("/my-say/page/1").page
    return [i["value"] for i in page.select(f'input[name="{name}"][checked]')]


def words_of(client, value):
    page = client.get("/my-say/page/1").page
    return page.select_one(f'label[for="q-home_feel-{value}"] .choice-words').get_text()


def test_each_child_sees_their_own_choices_however_often_the_page_is_drawn(app):
    clients = {}
    for ref, feel in (("C1", "happy"), ("C2", "sad"), ("C3", None)):
        link = make_invitation(ref=ref)
        clients[ref] = app.test_client()
        clients[ref].get(f"/b/{link.token}")
        if feel:
            save_page_1(clients[ref], feel)
    for _ in range(2):
        assert checked(clients["C1"]) == ["happy"]
        assert checked(clients["C2"]) == ["sad"]
        assert checked(clients["C3"]) == []
    # A change of mind shows at once, on the next drawing of the same question.
    save_page_1(clients["C1"], "very_sad")
    assert checked(clients["C1"]) == ["very_sad"]
    assert checked(clients["C2"]) == ["sad"]


def test_a_question_kept_in_english_is_shown_in_welsh_to_a_welsh_reader(app):
    english, welsh = app.test_client(), app.test_client()
    english.get(f"/b/{make_invitation(ref='C1').token}")
    link = make_invitation(ref="C2")
    db.session.get(Invitation, link.id).language = "cy"
    db.session.commit()
    welsh.get(f"/b/{link.token}")
    assert words_of(english, "happy") == "Happy"
    with force_locale("cy"):
        in_welsh = gettext("Happy")
    assert in_welsh != "Happy"
    assert words_of(welsh, "happy") == in_welsh
    assert words_of(english, "happy") == "Happy"


def test_the_master_parses_the_booklets_and_keeps_no_connection_for_the_workers(file_app):
    definitions._PUBLISHED.clear()
    preload.warm(file_app)
    # Nothing open in the pool for the forks to inherit and share.
    assert db.engine.pool.checkedin() == 0
    versions = db.session.execute(db.select(BookletVersion)).scalars().all()
    published = {(v.id, v.slug, v.version, v.published_at) for v in versions}
    assert published and published <= set(definitions._PUBLISHED)
    # A worker forked from it opens its own connection and serves the booklet.
    preload.after_fork(file_app)
    client = file_app.test_client()
    client.get(f"/b/{make_invitation().token}")
    assert client.get("/my-say/page/1").status_code == 200
