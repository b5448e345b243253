"""Helpers that test_setup.py and other test modules share (no test module imports another)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text

from app.extensions import db
from app.models import Child, Invitation, Review, User
from app.models.alerts import Alert
from tests.factories import make_app


@pytest.fixture
def empty_app(tmp_path):
    """An app whose database has no tables at all, as on a fresh machine."""
    app = make_app(tmp_path)
    with app.app_context():
        _drop_everything()
        yield app
        db.session.remove()
        _drop_everything()


def _drop_everything():
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
