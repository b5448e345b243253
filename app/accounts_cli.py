"""``flask --app wsgi staff invite-admin EMAIL NAME``: the first admin, before anyone can sign in.

Every later account is made in the app by an admin (Staff accounts).
"""

import click
from flask import current_app, url_for

from app.domain.accounts import staff
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
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")

    def link_for(token: str) -> str:
        with current_app.test_request_context(base_url=base or "http://localhost"):
            return url_for("auth.set_password", token=token, _external=True)

    try:
        _user, link = staff.invite(email, name, Role.ADMIN, None, None, link_for)
    except staff.AccountError as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Admin account made for {email}. Its one-time link (7 days): {link}")
