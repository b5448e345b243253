"""Jobs count the rows they have checked or written, for the progress their page shows.

Revision ID: d7e2b4a9c1f3
Revises: c0f3a1d9e214
Create Date: 2026-12-01 01:25:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d7e2b4a9c1f3"
down_revision = "c0f3a1d9e214"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("background_job") as batch:
        batch.add_column(sa.Column("rows_done", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rows_total", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("background_job") as batch:
        batch.drop_column("rows_total")
        batch.drop_column("rows_done")
