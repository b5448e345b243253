"""Command-line commands, registered on the app so that ``flask --app wsgi NAME`` finds them."""

from flask import Flask


def register_cli(app: Flask) -> None:
    from app.accounts_cli import staff_group
    from app.alerts_cli import alerts_group
    from app.demo import demo_command
    from app.invitations_cli import invitations_group
    from app.managers.commands import import_reviews_command, report_command
    from app.managers.pack import pack_command
    from app.privacy_cli import (
        backup_command,
        keys_group,
        outbox_group,
        privacy_group,
        restore_command,
    )
    from app.themes_cli import themes_group

    app.cli.add_command(demo_command)
    app.cli.add_command(import_reviews_command)
    app.cli.add_command(report_command)
    app.cli.add_command(themes_group)
    app.cli.add_command(alerts_group)
    app.cli.add_command(pack_command)
    app.cli.add_command(invitations_group)
    app.cli.add_command(outbox_group)
    app.cli.add_command(staff_group)
    app.cli.add_command(keys_group)
    app.cli.add_command(privacy_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
