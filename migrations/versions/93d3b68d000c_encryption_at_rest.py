"""Encryption at rest: children's words, names, contact details, staff notes and TOTP secrets

Revision ID: 93d3b68d000c
Revises: 7379b4d01441
Create Date: 2026-11-30 17:19:57.121492

Columns become Text holding Fernet tokens, and the rows already there are encrypted with the
data keys the app is configured with (MYSAY_DATA_KEYS, MYSAY_DATA_KEY_FILE, or the development
key in instance/): run it as `flask --app wsgi db upgrade` with those set. Text answers move from
`answer.value` (kept for choices, which the reports count in SQL) to the encrypted `answer.words`.
"""
import json

from alembic import op
import sqlalchemy as sa

from app.domain.privacy import crypto

# revision identifiers, used by Alembic.
revision = '93d3b68d000c'
down_revision = '7379b4d01441'
branch_labels = None
depends_on = None

# (table, column, was JSON, old type): every column the app now reads through crypto's types.
COLUMNS = [
    ("answer_theme", "evidence", True, sa.JSON(), False),
    ("child", "first_name", False, sa.String(length=80), True),
    ("child", "preferred_name", False, sa.String(length=80), True),
    ("invitation_contact", "address", False, sa.String(length=254), False),
    ("outbox_message", "to", False, sa.String(length=254), False),
    ("outbox_message", "body", False, sa.Text(), False),
    ("review", "decisions", True, sa.JSON(), True),
    ("urgent_flag", "evidence", True, sa.JSON(), False),
    ("alert", "action_taken", False, sa.Text(), True),
    ("user", "totp_secret", False, sa.Text(), True),
]
TEXT_KINDS = {"text", "long_text"}  # as app/domain/booklets/definitions.py says today


def _rewrite(table, column, change):
    bind = op.get_bind()
    t = sa.table(table, sa.column("id"), sa.column(column, sa.Text()))
    rows = bind.execute(sa.select(t.c.id, t.c[column]).where(t.c[column].is_not(None))).all()
    for row_id, value in rows:
        bind.execute(t.update().where(t.c.id == row_id).values({column: change(value)}))


def _as_text(column, old):
    return {"postgresql_using": f'"{column}"::text'} if isinstance(old, sa.JSON) else {}


def upgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('words', sa.Text(), nullable=True))
        batch_op.alter_column('value', existing_type=sa.JSON(), nullable=True)
    for table, column, _json, old, nullable in COLUMNS:
        if isinstance(old, sa.Text):
            continue
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=old, type_=sa.Text(), existing_nullable=nullable,
                **_as_text(column, old),
            )
    for table, column, _json, _old, _nullable in COLUMNS:
        _rewrite(table, column, crypto.encrypt)
    _move_words(crypto.encrypt)


def _move_words(encrypt):
    """Text answers: from the clear JSON `value` to the encrypted `words`."""
    bind = op.get_bind()
    versions = sa.table("booklet_version", sa.column("id"), sa.column("definition", sa.JSON()))
    answers = sa.table(
        "answer", sa.column("id"), sa.column("booklet_version_id"), sa.column("question_key"),
        sa.column("value", sa.JSON()), sa.column("words", sa.Text()),
    )
    for version_id, definition in bind.execute(sa.select(versions.c.id, versions.c.definition)):
        keys = [
            q["key"]
            for page in (definition or {}).get("pages", [])
            for q in page.get("questions", [])
            if q.get("kind") in TEXT_KINDS
        ]
        if not keys:
            continue
        rows = bind.execute(
            sa.select(answers.c.id, answers.c.value).where(
                answers.c.booklet_version_id == version_id, answers.c.question_key.in_(keys)
            )
        ).all()
        for answer_id, value in rows:
            if isinstance(value, str):
                bind.execute(
                    answers.update().where(answers.c.id == answer_id)
                    .values(words=encrypt(value), value=None)
                )


def downgrade():
    bind = op.get_bind()
    answers = sa.table("answer", sa.column("id"), sa.column("value", sa.JSON()), sa.column("words", sa.Text()))
    for answer_id, words in bind.execute(sa.select(answers.c.id, answers.c.words).where(answers.c.words.is_not(None))).all():
        bind.execute(answers.update().where(answers.c.id == answer_id).values(value=crypto.decrypt(words)))
    for table, column, _json, _old, _nullable in COLUMNS:
        _rewrite(table, column, crypto.decrypt)
    for table, column, was_json, old, nullable in COLUMNS:
        if isinstance(old, sa.Text):
            continue
        using = {"postgresql_using": f'"{column}"::json'} if was_json else {}
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column, existing_type=sa.Text(), type_=old, existing_nullable=nullable, **using
            )
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('words')
