import click


@click.command("import-reviews")
def import_reviews_command():
    """Placeholder, replaced by the managers' work."""


@click.command("report")
def report_command():
    """Placeholder, replaced by the managers' work."""
