"""``flask --app wsgi staff invite-admin EMAIL NAME``: the first admin, before anyone can sign in.

Every later account is made in the app by an admin (Staff accounts).
"""

import click

from app.domain.accounts import staff
from app.domain.messages.urls import absolute_url
from app.extensions import db
from app.models import Role


@click.group("staff")
def staff_group():
    """Staff accounts."""


@staff_group.command("invite-admin")
@click.argument("email")
@click.argument("name")
def invite_admin_command(email: str, name: str):
    """Make an admin account and email its one-time link (printed too, for the first one)."""

    def link_for(token: str) -> str:
        return absolute_url("auth.set_password", token=token)

    try:
        _user, link = staff.invite(email, name, Role.ADMIN, None, None, link_for)
    except staff.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Admin account made for {email}. Its one-time link (7 days): {link}")
