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
    from app.domain.translations import display_name

    definitions._PUBLISHED.clear()
    display_name.cache_clear()
    preload.warm(file_app)
    # Every language's own name, for the switch on every page, is looked up once, in the master.
    assert display_name.cache_info().currsize == len(file_app.config["LANGUAGES"])
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


# Issue 13, second round: what the page's cheaper drawing must keep.


@pytest.mark.parametrize(
    "source, variables",
    [
        ("{{ _('Save and go on') }}", {}),
        ("{{ _('Page %(number)s of %(total)s', number=n, total=3) }}", {"n": 2}),
        # A variable is escaped in a page, and only the variable: the words are the catalogue's.
        ("{{ _('Hello %(name)s', name=who) }}", {"who": "<b>Sam</b>"}),
        # Always a format string, as Jinja's own: %% is one percent sign, variables or not.
        ("{{ _('100%% sure') }}", {}),
        ("{{ _('%(n)s%% sure', n=50) }}", {}),
        ("{% trans %}Save and go on{% endtrans %}", {}),
        ("{% trans who=who %}Hello {{ who }}{% endtrans %}", {"who": "<i>"}),
        ("{{ gettext('Back') }}", {}),
    ],
)
@pytest.mark.parametrize("autoescape", [True, False])
def test_a_templates_words_come_out_as_jinjas_own_gettext_makes_them(
    app, source, variables, autoescape
):
    from jinja2.ext import _gettext_alias, _make_new_gettext

    from app.domain.booklets.i18n import request_translations

    ours = app.jinja_env.overlay(autoescape=autoescape)
    jinjas = app.jinja_env.overlay(autoescape=autoescape)
    jinjas.globals = dict(
        app.jinja_env.globals,
        _=_gettext_alias,
        gettext=_make_new_gettext(lambda s: request_translations().ugettext(s)),
    )
    for language in ("en", "cy"):
        with app.test_request_context("/"), force_locale(language):
            mine = ours.from_string(source).render(**variables)
            theirs = jinjas.from_string(source).render(**variables)
        assert mine == theirs
    with app.test_request_context("/"), force_locale("cy"):
        # The Welsh page is in Welsh, not the English it was written in.
        assert ours.from_string("{{ _('Back') }}").render() == gettext("Back")


def test_a_childs_page_never_loads_a_member_of_staff_signed_in_on_the_same_browser(
    app, client, auth
):
    from app.extensions import login_manager
    from tests.factories import make_user

    make_user(email="iro@example.org")
    auth.login("iro@example.org")
    loaded = []
    real_loader = login_manager._user_callback
    login_manager._user_callback = lambda user_id: loaded.append(user_id) or real_loader(user_id)
    try:
        start = client.get("/")
        assert start.status_code == 200 and loaded == []
        # The staff pages still know who is signed in, in the same browser.
        assert client.get("/staff/").status_code == 200 and loaded
    finally:
        login_manager._user_callback = real_loader


def test_the_booklet_stylesheet_and_script_follow_the_address_the_app_is_served_under(app):
    for prefix in ("", "/mysay", "/council/mysay"):
        client = app.test_client()
        page = client.get("/", base_url=f"http://localhost{prefix}/").page
        css = page.select_one('link[rel="stylesheet"]')["href"]
        js = page.select_one("script[src]")["src"]
        assert css.startswith(f"{prefix}/static/bundle/booklet.css?v=")
        assert js.startswith(f"{prefix}/static/bundle/booklet.js?v=")
        assert client.get(css.removeprefix(prefix)).status_code == 200


def test_an_admins_preview_shows_a_pages_optional_questions_in_their_closed_fold(app, client, auth):
    from app.domain.booklets.definitions import BOOKLET_DIR
    from app.models import Role
    from tests.admin_helpers import upload
    from tests.factories import make_user, text_of

    make_user(email="admin@example.org", role=Role.ADMIN)
    auth.login("admin@example.org")
    teen = (BOOKLET_DIR / "teen.yaml").read_text(encoding="utf-8")
    version = definitions.latest_version("teen").version
    draft = upload(
        client, teen.replace(f"version: {version}\n", f"version: {version + 1}\n", 1), "teen.yaml"
    )
    assert draft.status_code == 302
    booklet = definitions.booklet_of(definitions.latest_version("teen"))
    number = next(i for i, p in enumerate(booklet.pages, 1) if p.fold)
    preview = client.get(draft.headers["Location"].split("?")[0] + f"/preview/{number}").page
    fold = preview.select_one("details.question-fold")
    assert fold is not None and not fold.has_attr("open")
    assert text_of(fold.summary) == booklet.pages[number - 1].fold
