"""Rotating the data keys: every encrypted value re-encrypted with the newest key."""

from __future__ import annotations

import sqlalchemy as sa

from app.domain.privacy import crypto
from app.extensions import db

BATCH = 500


def encrypted_columns() -> list[tuple[sa.Table, sa.Column]]:
    """Every encrypted column of a table with integer ids (rotated in id order).

    Background jobs (random text ids, their files and results) are left out: they are deleted
    a day after they were made, so the old key must stay listed for a day after a rotation.
    """
    return [
        (table, column)
        for table in db.metadata.sorted_tables
        if isinstance(table.c.get("id", sa.Column(sa.Text)).type, sa.Integer)
        for column in table.columns
        if isinstance(
            column.type, crypto.EncryptedText | crypto.EncryptedJSON | crypto.EncryptedBytes
        )
    ]


def rotate_all() -> int:
    """Re-encrypt every value with the first key of MYSAY_DATA_KEYS; how many values. Commits.

    Tokens are read and written as they are stored, never decoded into Python values, so a
    value is never held in clear longer than Fernet's own rotate takes.
    """
    done = 0
    for table, column in encrypted_columns():
        # A child's drawing or recording is a binary token; words and choices are text ones.
        binary = isinstance(column.type, crypto.EncryptedBytes)
        stored = sa.LargeBinary() if binary else sa.Text()
        raw = sa.table(table.name, sa.column("id"), sa.column(column.name, stored))
        last = 0
        while True:
            rows = db.session.execute(
                sa.select(raw.c.id, raw.c[column.name])
                .where(raw.c.id > last, raw.c[column.name].is_not(None))
                .order_by(raw.c.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            for row_id, token in rows:
                db.session.execute(
                    raw.update()
                    .where(raw.c.id == row_id)
                    .values(
                        {
                            column.name: crypto.fernet().rotate(bytes(token))
                            if binary
                            else crypto.rotate(token)
                        }
                    )
                )
            done += len(rows)
            last = rows[-1][0]
        db.session.commit()
    return done
