"""Two-step codes sign in once (the time step of the last code used); who to ring about a
child (placement contact, social worker) encrypted at rest like the child's name

Revision ID: b1c2d3e4f5a6
Revises: 6bed6ee56838
Create Date: 2026-11-30 20:40:00

"""
from alembic import op
import sqlalchemy as sa

from app.domain.privacy import crypto


revision = 'b1c2d3e4f5a6'
down_revision = '6bed6ee56838'
branch_labels = None
depends_on = None


CONTACTS = ("placement_contact", "social_worker")


def _rewrite(change):
    bind = op.get_bind()
    child = sa.table("child", sa.column("id"), *(sa.column(c, sa.Text()) for c in CONTACTS))
    for row in bind.execute(sa.select(child.c.id, *(child.c[c] for c in CONTACTS))).all():
        values = {c: change(v) for c, v in zip(CONTACTS, row[1:]) if v is not None}
        if values:
            bind.execute(child.update().where(child.c.id == row[0]).values(values))


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    with op.batch_alter_table('child', schema=None) as batch_op:
        for column in CONTACTS:
            batch_op.alter_column(column, existing_type=sa.String(length=300), type_=sa.Text())
    _rewrite(crypto.encrypt)


def downgrade():
    _rewrite(crypto.decrypt)
    with op.batch_alter_table('child', schema=None) as batch_op:
        for column in CONTACTS:
            batch_op.alter_column(column, existing_type=sa.Text(), type_=sa.String(length=300))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
