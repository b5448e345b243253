"""Urgent flags by level and source, IRO labels on answers, who to ring about a child, and a new
alert for a booklet once its earlier alert was acknowledged

Revision ID: 6bed6ee56838
Revises: 93d3b68d000c
Create Date: 2026-11-30 17:00:09.001896

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6bed6ee56838'
down_revision = '93d3b68d000c'
branch_labels = None
depends_on = None

# The first migration left alert.invitation_id's unique constraint unnamed: SQLite reflects it
# with no name (a naming convention gives it one for the batch copy), PostgreSQL named it itself
# (alert_invitation_id_key), and a downgrade names it uq_alert_invitation_id; so it is looked up.
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _drop_alert_unique():
    found = [
        c["name"] or "uq_alert_invitation_id"
        for c in sa.inspect(op.get_bind()).get_unique_constraints("alert")
        if c["column_names"] == ["invitation_id"]
    ]
    for name in found:
        with op.batch_alter_table("alert", naming_convention=SQLITE_NAMES) as batch_op:
            batch_op.drop_constraint(name, type_="unique")


def upgrade():
    op.create_table('answer_label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('answer_id', sa.Integer(), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('labelled_by_id', sa.Integer(), nullable=True),
    sa.Column('labelled_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['answer_id'], ['answer.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['labelled_by_id'], ['user.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer_label', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_label_answer_id'), ['answer_id'], unique=True)

    _drop_alert_unique()
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_invitation_id'), ['invitation_id'], unique=False)

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placement_contact', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('social_worker', sa.String(length=300), nullable=True))

    with op.batch_alter_table('urgent_flag', schema=None) as batch_op:
        # Every flag before this migration was an urgent one, on words or the child's request.
        batch_op.add_column(sa.Column('level', sa.String(length=12), nullable=False, server_default='urgent'))
        batch_op.add_column(sa.Column('source', sa.String(length=12), nullable=False, server_default='words'))
        batch_op.add_column(sa.Column('model_words', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('probability', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('unreadable', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('checked_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('checked_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_urgent_flag_checked_by_id_user', 'user', ['checked_by_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE urgent_flag SET source = 'asked' WHERE question_key = '_asked_today'")


def downgrade():
    with op.batch_alter_table('urgent_flag', schema=None) as batch_op:
        batch_op.drop_constraint('fk_urgent_flag_checked_by_id_user', type_='foreignkey')
        batch_op.drop_column('checked_by_id')
        batch_op.drop_column('checked_at')
        batch_op.drop_column('unreadable')
        batch_op.drop_column('probability')
        batch_op.drop_column('model_words')
        batch_op.drop_column('source')
        batch_op.drop_column('level')

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('social_worker')
        batch_op.drop_column('placement_contact')

    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_invitation_id'))
    # Only the first alert of each booklet can stay under the old rule of one alert per booklet.
    op.execute("DELETE FROM alert WHERE id NOT IN (SELECT MIN(id) FROM alert GROUP BY invitation_id)")
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_alert_invitation_id', ['invitation_id'])

    with op.batch_alter_table('answer_label', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_label_answer_id'))

    op.drop_table('answer_label')
