"""Answer media: a child's drawing or voice recording, encrypted, for one question

Revision ID: d7e2a9c41b58
Revises: d5e8f2a7c3b1
Create Date: 2026-12-01 00:20:00

Kept in the database (app servers keep nothing on disk), one row per question and kind.
"""
from alembic import op
import sqlalchemy as sa

revision = 'd7e2a9c41b58'
down_revision = 'd5e8f2a7c3b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'answer_media',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('invitation_id', sa.Integer(), nullable=False),
        sa.Column('question_key', sa.String(length=80), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('mimetype', sa.String(length=40), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['invitation_id'], ['invitation.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint(
            'invitation_id', 'question_key', 'kind', name='uq_answer_media_invitation_question'
        ),
    )
    with op.batch_alter_table('answer_media', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_answer_media_invitation_id'), ['invitation_id'], unique=False
        )


def downgrade():
    with op.batch_alter_table('answer_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_media_invitation_id'))
    op.drop_table('answer_media')
