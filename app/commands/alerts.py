"""``flask --app wsgi alerts escalate``: send alerts nobody acknowledged on to the managers."""

import click

from app.domain.messages.alerts import active_managers, escalate, escalation_hours


@click.group("alerts")
def alerts_group():
    """Alerts about urgent booklets."""


@alerts_group.command("escalate")
def escalate_command():
    """Email every manager about alerts left unacknowledged longer than the escalation hours.

    Meant for cron every 15 minutes; running it again sends nothing twice.
    """
    if not active_managers():
        raise click.ClickException("There is no active manager or admin to send alerts to.")
    sent = escalate()
    # Counts only: the names of children at risk have no place in a cron log.
    click.echo(
        f"{len(sent)} alert(s) open for over {escalation_hours()} hour(s) sent to the managers."
    )
