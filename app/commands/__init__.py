"""Every command of ``flask --app wsgi``, one module per area, all registered here.

Commands read and write through :mod:`app.domain`, as the pages do; they print counts and file
names, never a child's name or words, since their output ends up in cron logs.
"""

from flask import Flask

from app.commands.accounts import staff_group
from app.commands.alerts import alerts_group
from app.commands.database import guard
from app.commands.demo import demo_command
from app.commands.imports import import_reviews_command, reconcile_command
from app.commands.invitations import invitations_group
from app.commands.jobs import jobs_group
from app.commands.pack import pack_command
from app.commands.privacy import (
    backup_command,
    keys_group,
    outbox_group,
    privacy_group,
    restore_command,
)
from app.commands.reports import report_command
from app.commands.themes import themes_group
from app.commands.translate import translate_group

COMMANDS = (
    demo_command,
    import_reviews_command,
    reconcile_command,
    report_command,
    pack_command,
    alerts_group,
    invitations_group,
    themes_group,
    translate_group,
    staff_group,
    outbox_group,
    keys_group,
    privacy_group,
    backup_command,
    restore_command,
    jobs_group,
)


def register(app: Flask) -> None:
    """Add every command to ``app`` (``db`` comes from Flask-Migrate)."""
    for command in COMMANDS:
        guard(command)
        app.cli.add_command(command)
