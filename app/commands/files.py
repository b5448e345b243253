"""Writing a command's result to the file its --out names."""

from pathlib import Path

import click
from flask_babel import gettext as _


def write_out(out: Path, body: bytes) -> None:
    """Write ``body`` to ``out``; a folder that does not exist, no permission or a full disk is
    said in plain words with the exit status 1, not a traceback."""
    try:
        out.write_bytes(body)
    except OSError as error:
        raise click.ClickException(
            _("Could not write %(path)s: %(reason)s.", path=out, reason=error.strerror or error)
        ) from None
