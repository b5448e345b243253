"""Background jobs: long work off the web request, and imports waiting for confirmation

Revision ID: c4a7e1d2b9f0
Revises: b1c2d3e4f5a6
Create Date: 2026-11-30 21:00:00

Pending imports were files in instance/pending on one server; they are now the preview job's
encrypted payload, so any app server can confirm them. Files still waiting there are not moved:
a manager uploads the file again (they expired after a day anyway).
"""
from alembic import op
import sqlalchemy as sa

revision = 'c4a7e1d2b9f0'
down_revision = 'b1c2d3e4f5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'background_job',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('steps', sa.Integer(), nullable=False),
        sa.Column('label', sa.String(length=40), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('payload', sa.LargeBinary(), nullable=True),
        sa.Column('result', sa.Text(), nullable=True),
        sa.Column('output', sa.LargeBinary(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('background_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_background_job_created_at'), ['created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('background_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_background_job_created_at'))
    op.drop_table('background_job')
