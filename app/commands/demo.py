"""``flask --app wsgi demo [--serve]``: the database made or upgraded, and the demo loaded."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from app.demo import DEMO_PASSWORD, STAFF, load_demo


@click.command("demo")
@click.option("--serve", is_flag=True, help="Start the app on http://127.0.0.1:5000 afterwards.")
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def demo_command(serve: bool, port: int) -> None:
    """Create the database if needed and load invented demo data (safe to run twice)."""
    from flask_migrate import upgrade

    from app.config import is_production

    if is_production(current_app.config):
        # The demo creates staff with a password printed in the README: never on real data.
        raise click.ClickException(
            "The demo is not loaded in production (MYSAY_ENV=production): it would create "
            "staff accounts whose password is published."
        )
    upgrade()
    links = load_demo(base_url=f"http://127.0.0.1:{port}")
    _print_welcome(links, port)
    if serve:
        # Flask's own app.run() refuses to start inside a ``flask`` command, so serve directly.
        from werkzeug.serving import run_simple

        click.echo(f"Serving on http://127.0.0.1:{port}/ (press Ctrl+C to stop)")
        run_simple("127.0.0.1", port, current_app._get_current_object(), threaded=True)


def _print_welcome(links: list[tuple[str, str, str]], port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    click.echo("")
    click.echo("My Say demo data is loaded (every name is invented).")
    click.echo(f"  Staff sign-in:  {base}/staff/sign-in")
    for email, name, role, _team, _phone in STAFF:
        click.echo(f"    {role.value:<8} {name:<12} {email}")
    click.echo(f"  Password for every demo account: {DEMO_PASSWORD}")
    click.echo(f"  Children's start page (type a short code): {base}/")
    for name, link, code in links:
        click.echo(f"    {name}'s booklet: {link}   code {code}")
    click.echo("")
