"""Backup and restore: every table as JSON lines, portable between SQLite and PostgreSQL.

A backup holds rows as stored: encrypted columns stay Fernet tokens, so a backup is no more
readable than the database without the data keys (keep the keys apart from the backups). The
first line names the format and the schema's Alembic revision; each other line is one row,
``{"t": table, "r": {column: value}}``, with dates, times and bytes tagged so that they come back
as they were. Restore goes into an empty database at the same revision (``db upgrade`` first)
and refuses anything else, so it can never mix two councils' data or overwrite a live one.
Written by hand because pg_dump and sqlite3's .dump each speak only their own database.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from typing import IO

import sqlalchemy as sa

from app.domain.privacy.crypto import EncryptedJSON, EncryptedText
from app.extensions import db

FORMAT = "my-say-backup"
VERSION = 1
BATCH = 1000


class RestoreError(RuntimeError):
    """The file cannot be restored here; the message says why."""


def _raw_columns(table: sa.Table) -> list[sa.ColumnElement]:
    # Encrypted columns are read as the text they are stored as, never decrypted.
    return [
        sa.type_coerce(column, sa.Text()).label(column.name)
        if isinstance(column.type, EncryptedText | EncryptedJSON)
        else column
        for column in table.columns
    ]


def _encode(value):
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {"$j": value}  # a JSON column's object, told apart from the tags above
    return value


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        ((tag, inner),) = value.items()
        if tag == "$dt":
            return datetime.fromisoformat(inner)
        if tag == "$d":
            return date.fromisoformat(inner)
        if tag == "$b":
            return base64.b64decode(inner)
        if tag == "$j":
            return inner
    return value


def _revision() -> str | None:
    try:
        return db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        db.session.rollback()
        return None


def tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def dump(out: IO[str]) -> dict[str, int]:
    """Write every row of every table; the number of rows per table."""
    counts = {}
    out.write(json.dumps({"format": FORMAT, "version": VERSION, "revision": _revision()}) + "\n")
    for table in tables():
        counts[table.name] = 0
        key = list(table.primary_key.columns)
        result = db.session.execute(sa.select(*_raw_columns(table)).order_by(*key))
        for row in result.mappings():
            line = {"t": table.name, "r": {k: _encode(v) for k, v in row.items()}}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            counts[table.name] += 1
    return counts


def _raw_table(table: sa.Table) -> sa.Table:
    # The same table with encrypted columns as plain Text, so tokens go back unchanged.
    meta = sa.MetaData()
    columns = [
        sa.Column(
            c.name, sa.Text() if isinstance(c.type, EncryptedText | EncryptedJSON) else c.type
        )
        for c in table.columns
    ]
    return sa.Table(table.name, meta, *columns)


def restore(lines: IO[str]) -> dict[str, int]:
    """Load a backup into this empty database. Commits, or changes nothing."""
    header = json.loads(lines.readline() or "{}")
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise RestoreError("This is not a My Say backup file.")
    here = _revision()
    if header.get("revision") and here and header["revision"] != here:
        raise RestoreError(
            f"The backup is of schema {header['revision']} and this database is at {here}: "
            "run `flask --app wsgi db upgrade` to the backup's revision first."
        )
    by_name = {t.name: t for t in tables()}
    for table in by_name.values():
        if db.session.execute(sa.select(sa.func.count()).select_from(table)).scalar():
            raise RestoreError(f"The database is not empty (table {table.name} has rows).")
    raw = {name: _raw_table(table) for name, table in by_name.items()}
    counts = dict.fromkeys(by_name, 0)
    pending: dict[str, list[dict]] = {}
    try:
        for text in lines:
            if not text.strip():
                continue
            line = json.loads(text)
            name = line["t"]
            if name not in raw:
                raise RestoreError(f"The backup has a table this version does not know: {name}.")
            pending.setdefault(name, []).append({k: _decode(v) for k, v in line["r"].items()})
            if len(pending[name]) >= BATCH:
                _flush(raw, pending, counts)
        _flush(raw, pending, counts)
        _reset_sequences(by_name.values())
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return counts


def _flush(raw, pending, counts) -> None:
    # Tables come in dependency order in the file; rows are written in the same order.
    for name in [t.name for t in tables()]:
        rows = pending.pop(name, None)
        if rows:
            db.session.execute(raw[name].insert(), rows)
            counts[name] += len(rows)


def _reset_sequences(all_tables) -> None:
    """PostgreSQL: the next id after the restored ones (SQLite finds it by itself)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in all_tables:
        key = list(table.primary_key.columns)
        if len(key) == 1 and isinstance(key[0].type, sa.Integer) and key[0].autoincrement:
            db.session.execute(
                sa.text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{key[0].name}'), "
                    f'COALESCE((SELECT MAX("{key[0].name}") FROM "{table.name}"), 0) + 1, false)'
                )
            )
