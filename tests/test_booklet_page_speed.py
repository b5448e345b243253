"""What issue 13's speed-ups keep: a question drawn once and kept still shows each child their own
choices in their own language; gunicorn's master (which makes the app before forking the
workers, gunicorn.conf.py) hands the workers no database connection to share; a booklet page
reads PostgreSQL in one round trip, and its saves stay in one transaction."""

from contextlib import contextmanager

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import event

from app import preload
from app.booklet.access import ANSWER_PAGES
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


@contextmanager
def statements():
    """Every statement sent to the database meanwhile: (SQL, sent outside a transaction?)."""
    seen = []
    postgres = db.engine.dialect.name == "postgresql"

    def note(conn, _cursor, sql, *_args):
        dbapi = conn.connection.dbapi_connection
        seen.append((sql, dbapi.autocommit if postgres else dbapi.isolation_level is None))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def writes(seen):
    return [
        sql for sql, _ in seen if sql.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_a_booklet_page_with_answers_is_one_read_outside_a_transaction_on_postgresql(client):
    client.get(f"/b/{make_invitation().token}")
    save_page_1(client, "sad")
    with statements() as seen:
        page = client.get("/my-say/page/1").page
    assert [i["value"] for i in page.select('input[name="home_feel"][checked]')] == ["sad"]
    if db.engine.dialect.name == "postgresql":
        # BEGIN and ROLLBACK are round trips of their own, as long as the read itself.
        assert len(seen) == 1
        assert seen[0][1], "read inside a transaction"
    else:
        # SQLite opens no transaction to read; the answers come in a second, small query.
        assert len(seen) == 2


@pytest.mark.parametrize(
    "path, endpoint",
    [
        ("/my-say", "booklet.welcome"),
        ("/my-say/page/1", "booklet.page"),
        ("/my-say/page/2", "booklet.page"),
        ("/my-say/check", "booklet.check"),
    ],
)
def test_the_pages_read_outside_a_transaction_write_nothing(client, path, endpoint):
    """Outside a transaction each write would be committed on its own (app/booklet/access.py)."""
    assert endpoint in ANSWER_PAGES
    client.get(f"/b/{make_invitation().token}")
    save_page_1(client, "happy")
    with statements() as seen:
        assert client.get(path).status_code == 200
    assert seen
    assert writes(seen) == []


def test_a_saved_page_is_written_in_one_transaction(client):
    client.get(f"/b/{make_invitation().token}")
    save_page_1(client, "happy")
    # The page, read outside a transaction, hands its connection back as it found it.
    assert client.get("/my-say/page/1").status_code == 200
    with statements() as seen:
        save_page_1(client, "sad")
    assert writes(seen)
    assert not any(outside for _, outside in seen), "a save was written outside a transaction"
    assert checked(client) == ["sad"]
