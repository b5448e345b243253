"""``flask --app wsgi invitations remind|purge-contacts``: reminders, and forgetting addresses."""

import click

from app.domain.messages.reminders import purge_contacts, remind, reminder_days


@click.group("invitations")
def invitations_group():
    """Booklet invitations sent by email or text."""


@invitations_group.command("remind")
def remind_command():
    """Remind everyone whose booklet is not sent back and whose review is days away.

    Meant for cron once a day; running it again sends nothing twice.
    """
    sent = remind()
    # A count only: addresses and names have no place in a cron log.
    click.echo(f"{len(sent)} reminder(s) sent for reviews in the next {reminder_days()} day(s).")


@invitations_group.command("purge-contacts")
def purge_contacts_command():
    """Delete the email addresses and phone numbers of links that expired or were stopped."""
    click.echo(f"{purge_contacts()} address(es) deleted.")
