"""An uploaded review-records file waiting for the manager to confirm its import.

The file stays on the server, never in the cookie: the session holds only a random id naming it.
Files are readable by this app's user alone and are deleted once imported, replaced, or a day old.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "pending_import"
MAX_AGE_SECONDS = 24 * 60 * 60
_ID = re.compile(r"[A-Za-z0-9_-]{20,64}")


def _directory() -> Path:
    configured = current_app.config.get("PENDING_IMPORT_DIR")
    directory = Path(configured) if configured else Path(current_app.instance_path) / "pending"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def _sweep(directory: Path) -> None:
    # Files left by managers who never confirmed hold children's records: keep them briefly only.
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.glob("*.csv"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            continue


def keep(data: bytes) -> str:
    """Store ``data`` and remember it in this session; returns its id."""
    discard()
    directory = _directory()
    _sweep(directory)
    file_id = secrets.token_urlsafe(24)
    fd = os.open(directory / f"{file_id}.csv", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    session[SESSION_KEY] = file_id
    return file_id


def _path() -> Path | None:
    file_id = session.get(SESSION_KEY)
    if not isinstance(file_id, str) or not _ID.fullmatch(file_id):
        return None
    return _directory() / f"{file_id}.csv"


def load() -> bytes | None:
    """The file waiting in this session, or None when there is none (or it has gone)."""
    path = _path()
    try:
        return path.read_bytes() if path else None
    except OSError:
        return None


def discard() -> None:
    path = _path()
    session.pop(SESSION_KEY, None)
    if path:
        path.unlink(missing_ok=True)
