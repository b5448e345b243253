"""What tests share besides fixtures: the test app and client, records made the way the app makes
them, and readers for what a person sees (a page, a caseload row, a PDF, a QR code, a CSV).

Test modules import from here and from nowhere else in ``tests/``; fixtures live in conftest.py.
Dates are read when a helper runs, never when this module is imported, so that they follow the
clock conftest.py sets.
"""

from __future__ import annotations

import base64
import csv
import io
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import pypdf
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from flask import Response
from flask.testing import FlaskClient, FlaskCliRunner
from PIL import Image
from sqlalchemy import event
from sqlalchemy.pool import StaticPool
from werkzeug.test import TestResponse

from tests.clock import TEST_DATE  # isort: skip
from app import create_app
from app.config import TestConfig
from app.domain.booklets.definitions import latest_version, publish_bundled
from app.domain.invitations import links as invitations
from app.extensions import babel, db
from app.models import Answer, BookletVersion, Child, Invitation, Review, Role, Team, User
from app.models.alerts import OutboxMessage
from tests.words_helpers import is_readers_page_in_english, unexplained_words

# The app under test


def app_config(tmp_path=None, **overrides) -> dict:
    """What the tests change in TestConfig, the one test configuration: only where the database is.

    SQLite in memory (TestConfig's default) needs one shared connection for every session to see
    the same tables. With ``tmp_path``, SQLite is a file instead, which a second thread or process
    can open (a live server, a second connection for the annual pack). TEST_DATABASE_URL (read by
    TestConfig) chooses PostgreSQL, which needs neither.
    """
    config: dict = {}
    if TestConfig.SQLALCHEMY_DATABASE_URI == "sqlite://":
        if tmp_path is None:
            config["SQLALCHEMY_ENGINE_OPTIONS"] = {
                "poolclass": StaticPool,
                "connect_args": {"check_same_thread": False},
            }
        else:
            config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'mysay.sqlite'}"
    return config | overrides


def make_app(tmp_path=None, **overrides):
    """The app on TestConfig (``create_app`` starts from it when given a test config)."""
    app = create_app(app_config(tmp_path, **overrides))
    # Flask-Babel keeps loaded catalogues on the one Babel object every app shares: an app made
    # with a test's own catalogue (tests/test_booklet_i18n.py) must not lend it to the next app.
    shared = vars(babel).get("domain_instance")  # made on first use
    if shared is not None:
        shared.cache.clear()
    return app


@contextmanager
def tables(app):
    """Fresh tables with the bundled booklets published, inside an app context held by the test."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        publish_bundled()
        db.session.commit()
        try:
            yield app
        finally:
            db.session.remove()
            db.drop_all()
            # Each test's app has its own engine: close its connections now, not when collected,
            # so that a PostgreSQL server shared with others is not left holding hundreds.
            db.engine.dispose()


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


class PageResponse(TestResponse, Response):
    """A test response that also reads as a page: ``client.get(url).page.select_one("h1")``."""

    @cached_property
    def page(self) -> BeautifulSoup:
        return soup(self.get_data(as_text=True))


def check_page(page: BeautifulSoup) -> None:
    """Every page a person sees has one <h1>, and a <title> that starts with it (GOV.UK Notify)."""
    h1s = page.find_all("h1")
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    title = page.find("title")
    assert title, "no <title>"
    heading = h1s[0].get_text().split()
    assert title.get_text().split()[: len(heading)] == heading, (title.get_text(), h1s[0])
    if is_readers_page_in_english(page):
        assert unexplained_words(page) == [], f"explain these words on {heading}"


class Client(FlaskClient):
    """A test client that sends each request in an app context of its own, as a server does.

    The ``app`` fixture holds one app context for the test's own work (making records, reading
    them back). Were a request to run inside it, Flask would reuse it: ``g`` (the signed-in user,
    the forced locale) and the SQLAlchemy session with its identity map would carry over from one
    request to the next and to the test, hiding bugs that only a real server shows. Flask's
    tutorial (flaskr) gets the same by holding no context in the fixture and making tests write
    ``with app.app_context():`` around database work; pushing the context here keeps the tests
    short. So a test sees what a request changed only by reading again (``db.session.refresh``,
    ``expire_all`` or a new query), as another process would.

    Every HTML page it receives is checked for its shape (``check_page``).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.response_wrapper = PageResponse

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # A compressed page (the test asked for gzip) is checked by the test that asked.
        compressed = "Content-Encoding" in response.headers
        if response.mimetype == "text/html" and response.status_code != 302 and not compressed:
            check_page(response.page)
        return response


class CliRunner(FlaskCliRunner):
    """Runs each command in an app context of its own, like ``flask`` in a new process does."""

    def invoke(self, *args, **kwargs):
        with self.app.app_context():
            return super().invoke(*args, **kwargs)


# Records


# Our own small booklet, so that tests do not depend on the wording of the bundled ones; written
# as booklet authors write them (see app/booklets).
TESTBOOK = yaml.safe_load("""
slug: testbook
version: 1
title: Test booklet
audience: child
pages:
  - key: home
    title: Where I live
    questions:
      - {key: home_feel, kind: faces5, label: "How do you feel at home?"}
      - {key: home_safe, kind: yes_no_unsure, label: "Do you feel safe?"}
  - key: review
    title: My review
    questions:
      - key: where
        kind: choose_one
        label: "Where should the review be?"
        options: [{key: school, label: "At school"}, {key: home, label: "At home"}]
      - key: who
        kind: choose_many
        label: "Who should come?"
        options:
          - {key: carer, label: "My carer"}
          - {key: mum, label: "My mum"}
          - {key: teacher, label: "My teacher"}
      - {key: rating, kind: scale10, label: "How was your last review?"}
      - {key: worry, kind: long_text, label: "Anything you are worried about?"}
      - {key: wish, kind: text, label: "One wish"}
      - {key: mood, kind: faces3, label: "How are you today?"}
""")

# Today on the suite's controlled clock (tests/conftest.py starts it before this is imported).
# The suite's date (tests/clock.py), named rather than read off a clock that merely happens to
# be travelling, so a helper never depends on when it is imported.
TODAY = TEST_DATE

PASSWORD = "correct horse"


def one_page_booklet(slug, questions, *, version=1, title="T", page=None, **fields) -> dict:
    """A booklet definition with one page: ``page`` gives its key, title or intro if any."""
    return {
        "slug": slug,
        "version": version,
        "title": title,
        **fields,
        "pages": [{**(page or {}), "questions": list(questions)}],
    }


def publish(definition: dict) -> BookletVersion:
    """A booklet definition published as it stands, without the checks an admin's upload gets."""
    version = BookletVersion(
        slug=definition["slug"], version=definition["version"], definition=definition
    )
    db.session.add(version)
    db.session.commit()
    return version


def make_user(email="iro@example.org", role=Role.IRO, name="Sam Patel", password=PASSWORD):
    """A member of staff in the North team (made with the first of them)."""
    team = db.session.execute(db.select(Team).filter_by(name="North")).scalar_one_or_none()
    if team is None:
        team = Team(name="North")
        db.session.add(team)
    user = User(email=email, name=name, role=role, team=team)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def make_child(ref, iro, review_in=10, name=None, first=None, age=9, team="North", **review):
    """A child aged ``age`` with a review ``review_in`` days from today (none when None)."""
    today = TODAY
    team_row = db.session.execute(db.select(Team).filter_by(name=team)).scalar_one_or_none()
    child = Child(
        child_ref=ref,
        preferred_name=name or ref,
        first_name=first,
        date_of_birth=today.replace(year=today.year - age) - timedelta(days=30),
        iro_id=iro.id if iro else None,
        team=team_row or Team(name=team),
    )
    db.session.add(child)
    if review_in is not None:
        db.session.add(Review(child=child, review_date=today + timedelta(days=review_in), **review))
    db.session.commit()
    return child


def invite(child, version, **stamps):
    """An invitation for the child's latest review, with the given timestamps set."""
    invitation, _token, _code = invitations.create(child.reviews[-1], version)
    for name, value in stamps.items():
        setattr(invitation, name, value)
    db.session.commit()
    return invitation


def answer(invitation, key, value, only_iro=False):
    db.session.add(
        Answer(
            invitation=invitation,
            booklet_version_id=invitation.booklet_version_id,
            question_key=key,
            value=value,
            only_iro=only_iro,
        )
    )
    db.session.commit()


@dataclass
class Link:
    """What a child's letter carries: the invitation's secret token and short code."""

    id: int
    token: str
    code: str


def make_invitation(
    ref="C100", name="Jamie", version=None, review_in=21, respondent="child"
) -> Link:
    """A child of the first member of staff (Sam Patel, made if needed) invited to a booklet, the
    middle one unless ``version`` says which, for a review ``review_in`` days from today."""
    iro = db.session.execute(db.select(User).limit(1)).scalar() or make_user()
    child = Child(child_ref=ref, preferred_name=name, date_of_birth=date(2016, 5, 1), iro=iro)
    review = Review(child=child, review_date=TODAY + timedelta(days=review_in))
    db.session.add_all([child, review])
    version = version or latest_version("middle")
    invitation, token, code = invitations.create(review, version, respondent=respondent)
    db.session.commit()
    return Link(invitation.id, token, code)


def invitation_row(link: Link) -> Invitation:
    db.session.expire_all()
    return db.session.get(Invitation, link.id)


def answers_of(link: Link) -> dict[str, Answer]:
    db.session.expire_all()
    rows = db.session.execute(db.select(Answer).filter_by(invitation_id=link.id)).scalars()
    return {a.question_key: a for a in rows}


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()


# Pages, as a person reads them


def text_of(node) -> str:
    """The words of a page, a part of one or a response, as one line with single spaces."""
    if isinstance(node, TestResponse):
        node = node.page
    elif isinstance(node, str):
        node = soup(node)
    return " ".join(node.get_text(" ").split())


def rows_of(node) -> list[str]:
    """Each row of the first caseload table in a page (or a part of one), as text, in order."""
    return [text_of(row) for row in node.select_one("tbody").select("tr")]


def invite_from_page(client, review, booklet="testbook", respondent=None):
    """Make an invitation from the review page, as an IRO does: the letter form's token and code
    (the send form carries the same), and the link the page shows."""
    data = {"booklet": booklet, "language": "en"}
    if respondent:
        data["respondent"] = respondent
    response = client.post(f"/staff/reviews/{review.id}/invitations", data=data)
    assert response.status_code == 200, response.get_data(as_text=True)
    page = response.page
    assert "Download the letter (PDF)" in text_of(page.select_one("form.letter-form"))
    assert page.select_one("#send-link-title").get_text() == "Send this link"
    fields = form_fields(page.select_one("form.letter-form"), "token", "code")
    assert form_fields(page.select_one("section.send-link form"), "token", "code") == fields
    return fields, link_on(page)


def form_fields(form, *names) -> dict[str, str]:
    """The values of a form's inputs with these names."""
    return {
        field["name"]: field["value"]
        for field in form.select("input[name]")
        if field["name"] in names
    }


def link_on(page) -> str:
    """The booklet link an invitation page shows in words."""
    return page.select_one(".link-text a")["href"]


def qr_text(page) -> list[str]:
    """What the page's QR code says, read back from its picture as a phone camera would."""
    uri = page.select_one('img[src^="data:image/png;base64,"]')["src"].split(",", 1)[1]
    image = Image.open(io.BytesIO(base64.b64decode(uri)))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image)]


def letter_pdf(client, review, fields):
    return client.post(f"/staff/reviews/{review.id}/letter.pdf", data=fields)


def read_pdf(data: bytes):
    """The PDF and all its words, as one line with single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    return reader, text


def pdf_text(data: bytes) -> str:
    return read_pdf(data)[1]


def downloaded_pdf(response, child_name: str):
    """A PDF download, checked to be one, under a file name that does not name the child."""
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    assert child_name not in response.headers["Content-Disposition"]
    return read_pdf(response.data)


def codes_in(reader) -> list[str]:
    """What every QR code among the pictures of the PDF's first page says, sorted."""
    return sorted(
        barcode.text
        for image in reader.pages[0].images
        for barcode in zxingcpp.read_barcodes(image.image)
    )


def count_queries(client, url="/staff/") -> int:
    """How many statements the database runs to answer one page."""
    statements = []

    def record(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def csv_rows(text: str) -> list[list[str]]:
    """Rows of CSV written out in a test, indented as the code around it is."""
    return list(csv.reader(io.StringIO(textwrap.dedent(text).strip() + "\n")))


def report_csv(runner, *args) -> list[list[str]]:
    """``flask report ARGS`` as CSV rows."""
    result = runner.invoke(args=["report", *args])
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))
