"""Placement moves entered by hand: a child's placement type and start date, and where

Revision ID: d5e8f2a7c3b1
Revises: d7e2b4a9c1f3
Create Date: 2026-12-01 00:30:00
"""
from alembic import op
import sqlalchemy as sa

revision = "d5e8f2a7c3b1"
down_revision = "d7e2b4a9c1f3"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "placement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("placement_type", sa.String(length=2), nullable=False),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["child_id"], ["child.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("child_id", "starts_on", name="uq_placement_child_start"),
    )
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_placement_child_id"), ["child_id"], unique=False)


def downgrade():
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_placement_child_id"))
    op.drop_table("placement")
