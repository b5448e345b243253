"""The database is built by migrations, and the demo loads on it twice without doubling."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from app.extensions import db
from app.models import Child, Invitation, Review, User
from app.models.alerts import Alert
from tests.factories import make_app
from tests.setup_helpers import _drop_everything, empty_app


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
