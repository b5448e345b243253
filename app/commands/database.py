"""Commands that read or write the database find it ready, or say plainly what to do.

On a fresh checkout the embedded SQLite file has no tables until ``demo`` or ``db upgrade`` has
run, and a command run first (``import-reviews`` on a council's file, say) stopped with SQLAlchemy's
"no such table" traceback. A database with no tables at all is now made there and then, as
``flask --app wsgi db upgrade`` would make it; one made by an older version of My Say is left alone
(upgrading it is a step to take with a backup in hand) and the command says so and stops.
"""

from __future__ import annotations

from functools import wraps

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect

from app.extensions import db

# Commands that see to the database themselves (demo, restore), never touch it (translations,
# the classifier on standard input, training from files), or run as long-lived services that the
# deployment starts after its own migration step (jobs: two processes upgrading at once collide).
LEFT_ALONE = {
    "demo",
    "restore",
    "translate",
    "themes classify",
    "themes train",
    "jobs",
}


def _heads() -> set[str]:
    from alembic.script import ScriptDirectory

    migrate = current_app.extensions["migrate"]
    config = migrate.migrate.get_config(migrate.directory)
    return set(ScriptDirectory.from_config(config).get_heads())


def _current() -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def make_or_check_database() -> None:
    """Make the tables of a database that has none; stop plainly on one that needs upgrading."""
    tables = inspect(db.engine).get_table_names()
    if not tables:
        from flask_migrate import upgrade

        upgrade()
        click.echo(
            "The database had no tables yet: they were made (flask --app wsgi db upgrade).",
            err=True,
        )
        return
    # Tables made without migrations (db.create_all(), as the tests make them) carry no revision.
    if "alembic_version" in tables and _current() != _heads():
        raise click.ClickException(
            "The database was made by another version of My Say. Back it up, then run "
            "flask --app wsgi db upgrade, and run this command again."
        )


def _needs_database(command: click.Command) -> None:
    callback = command.callback
    # The commands are module-level objects every app registers: wrapped once, not once per app.
    if getattr(callback, "checks_database", False):
        return

    @wraps(callback)
    @with_appcontext
    def checked(*args, **kwargs):
        make_or_check_database()
        return callback(*args, **kwargs)

    checked.checks_database = True
    command.callback = checked


def guard(command: click.Command, path: str = "") -> None:
    """Check the database before ``command`` (every command of a group) runs."""
    name = f"{path} {command.name}".strip()
    if name in LEFT_ALONE:
        return
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            guard(sub, name)
    elif command.callback is not None:
        _needs_database(command)
