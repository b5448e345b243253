"""Saved import mappings: a council's own extract matched to the review-records contract

Revision ID: c0f3a1d9e214
Revises: c4a7e1d2b9f0
Create Date: 2026-11-30 21:10:00
"""
from alembic import op
import sqlalchemy as sa

revision = "c0f3a1d9e214"
down_revision = "c4a7e1d2b9f0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("dates", sa.String(length=10), nullable=False),
        sa.Column("codes", sa.JSON(), nullable=False),
        sa.Column("venues", sa.JSON(), nullable=False),
        sa.Column("teams", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )


def downgrade():
    op.drop_table("import_mapping")
