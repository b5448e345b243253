"""The database is built by migrations, the demo loads on it twice without doubling, and a command
run on a database with no tables makes them first."""

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import current_app
from flask_migrate import stamp, upgrade
from sqlalchemy import text

from app.extensions import db
from app.models import Child, Invitation, Review, User
from app.models.alerts import Alert
from tests.factories import make_app
from tests.setup_helpers import _drop_everything, empty_app

DATA = Path(__file__).parent / "data"


def test_migrations_build_exactly_the_models(empty_app):
    upgrade()
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_demo_loads_twice_without_doubling(empty_app):
    runner = empty_app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "/staff/sign-in" in first.output
    assert "my-say-demo" in first.output
    counts = [
        db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (User, Child, Review)
    ]
    assert counts[0] == 4 and counts[1] == 20 and counts[2] >= 40
    submitted = db.session.scalar(
        db.select(db.func.count())
        .select_from(Invitation)
        .filter(Invitation.submitted_at.isnot(None))
    )
    assert submitted >= 2

    # A demo booklet shows the urgent path: it is flagged and its IRO alerted (the classifier
    # may flag a sample answer too, as it would a child's).
    alerted = db.session.scalar(db.select(db.func.count()).select_from(Alert))
    assert alerted >= 1

    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0, second.output
    db.session.expire_all()
    again = [
        db.session.scalar(db.select(db.func.count()).select_from(m)) for m in (User, Child, Review)
    ]
    assert again == counts
    assert db.session.scalar(db.select(db.func.count()).select_from(Alert)) == alerted


def test_demo_links_open_a_booklet(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["demo"])
    links = [word for word in result.output.split() if "/b/" in word]
    assert len(links) == 3
    client = empty_app.test_client()
    response = client.get(links[0].replace("http://127.0.0.1:5000", ""))
    assert response.status_code == 302
    assert "/my-say" in response.headers["Location"]


def test_demo_staff_can_sign_in(empty_app):
    empty_app.test_cli_runner().invoke(args=["demo"])
    client = empty_app.test_client()
    response = client.post(
        "/staff/sign-in",
        data={"email": "priya.shah@example.org", "password": "my-say-demo"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Sign out" in response.get_data(as_text=True)


def test_a_command_run_before_the_demo_makes_the_tables_and_does_its_work(empty_app):
    """A fresh checkout's first command may be a council's import, not the demo."""
    runner = empty_app.test_cli_runner()
    result = runner.invoke(args=["import-reviews", str(DATA / "reviews_year.csv")])
    assert result.exit_code == 0, result.output
    assert "The database had no tables yet: they were made" in result.stderr
    assert "Imported 12 rows: 12 new reviews" in result.stdout
    with db.engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_heads() == tuple(_heads())
    again = runner.invoke(args=["import-reviews", str(DATA / "reviews_year.csv")])
    assert "no tables" not in again.output
    assert "12 unchanged" in again.stdout


def test_a_database_made_by_another_version_is_left_alone_with_what_to_do(empty_app):
    upgrade()
    (head,) = _heads()
    stamp(revision=_script().get_revision(head).down_revision)
    result = empty_app.test_cli_runner().invoke(
        args=["report", "venue", "--from", "2023-01-01", "--to", "2023-12-31"]
    )
    assert result.exit_code == 1
    assert "made by another version of My Say" in result.output
    assert "flask --app wsgi db upgrade" in result.output
    assert "Traceback" not in result.output


def _script():
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    return ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))


def _heads():
    return _script().get_heads()
