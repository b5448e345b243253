"""``flask --app wsgi outbox purge``, ``keys rotate``, ``privacy purge/export/erase``, ``backup``, ``restore``."""

import click

from app.domain.privacy.outbox import purge_outbox


@click.group("outbox")
def outbox_group():
    """The record of email and text messages sent."""


@outbox_group.command("purge")
@click.option("--days", type=int, default=None, help="Keep this many days (OUTBOX_KEEP_DAYS).")
def outbox_purge_command(days: int | None):
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


@click.group("privacy")
def privacy_group():
    """Retention, subject access and erasure of children's records."""


@privacy_group.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count who would be erased.")
def retention_purge_command(dry_run: bool):
    """Erase every child who has reached RETENTION_AGE_YEARS (25). Meant for cron once a day."""
    from datetime import date

    from flask import current_app

    from app.domain.privacy import records

    age = current_app.config["RETENTION_AGE_YEARS"]
    if dry_run:
        count = len(records.past_retention(date.today(), age))
    else:
        count = records.purge_past_retention(date.today(), age)
    # A count only: names and references have no place in a cron log.
    verb = "would be erased" if dry_run else "erased"
    click.echo(f"{count} child record(s) {verb} (reached {age}).")


@privacy_group.command("export")
@click.argument("child_ref")
@click.option("--out", type=click.Path(dir_okay=False), required=True, help="A .json or .pdf file.")
def export_command(child_ref: str, out: str):
    """Everything held about one child (subject access), as JSON or PDF."""
    from app.domain.audit import record
    from app.domain.privacy import export, records
    from app.extensions import db

    child = records.find_child(child_ref)
    if child is None:
        raise click.ClickException("No child has that case reference.")
    data = records.subject_access(child)
    body = export.as_pdf(data) if out.endswith(".pdf") else export.as_json(data)
    with open(out, "wb") as handle:
        handle.write(body)
    record("exported subject access", child=child, detail="command line")
    db.session.commit()
    click.echo(f"Written to {out}.")


@privacy_group.command("erase")
@click.argument("child_ref")
@click.option("--yes", is_flag=True, help="Do it: without this nothing is erased.")
def erase_command(child_ref: str, yes: bool):
    """Erase everything about one child (not the audit log's lines)."""
    from app.domain.audit import record
    from app.domain.privacy import records
    from app.extensions import db

    child = records.find_child(child_ref)
    if child is None:
        raise click.ClickException("No child has that case reference.")
    if not yes:
        raise click.ClickException("Nothing erased: add --yes to erase this record for good.")
    record("erased child", child=child, detail="command line")
    reviews = records.erase(child)
    db.session.commit()
    click.echo(f"Erased, with {reviews} review(s).")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str):
    """Write every table to PATH as JSON lines (encrypted columns stay encrypted)."""
    from app.domain.privacy.backup import dump

    with open(path, "w", encoding="utf-8") as out:
        counts = dump(out)
    click.echo(f"{sum(counts.values())} row(s) from {len(counts)} table(s) written to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def restore_command(path: str):
    """Load a backup into an empty database (run `db upgrade` first); changes nothing on error."""
    from app.domain.privacy.backup import RestoreError, restore

    try:
        with open(path, encoding="utf-8") as lines:
            counts = restore(lines)
    except RestoreError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{sum(counts.values())} row(s) restored into {len(counts)} table(s).")
