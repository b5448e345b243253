"""``flask --app wsgi outbox purge``: forgetting what was sent once delivery has been checked."""

import click

from app.domain.privacy.outbox import purge_outbox


@click.group("outbox")
def outbox_group():
    """The record of email and text messages sent."""


@outbox_group.command("purge")
@click.option("--days", type=int, default=None, help="Keep this many days (OUTBOX_KEEP_DAYS).")
def purge_command(days: int | None):
    """Delete messages older than OUTBOX_KEEP_DAYS (default 30). Meant for cron once a day."""
    click.echo(f"{purge_outbox(days=days)} message(s) deleted from the outbox.")


@click.group("keys")
def keys_group():
    """The keys that encrypt children's answers, names and contact details at rest."""


@keys_group.command("rotate")
def rotate_command():
    """Re-encrypt everything with the first key in MYSAY_DATA_KEYS (put the new key first)."""
    from app.domain.privacy.keys import rotate_all

    click.echo(f"{rotate_all()} value(s) re-encrypted with the newest key.")
