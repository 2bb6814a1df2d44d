"""FSRS: each card's memory state, and per review the rating, the scheduler and the state.

Every column is nullable without a default, so upgrading rewrites no existing row: a review
without a scheduler was scheduled by SM-2, one without a rating is rated from its grade.
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'

REVIEW_COLUMNS = ('rating', 'scheduler', 'stability_before', 'difficulty_before',
                  'stability_after', 'difficulty_after')


def upgrade() -> None:
    with op.batch_alter_table('cards') as batch:
        batch.add_column(sa.Column('stability', sa.Float(), nullable=True))
        batch.add_column(sa.Column('difficulty', sa.Float(), nullable=True))
    with op.batch_alter_table('reviews') as batch:
        batch.add_column(sa.Column('rating', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('scheduler', sa.String(length=8), nullable=True))
        for name in REVIEW_COLUMNS[2:]:
            batch.add_column(sa.Column(name, sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reviews') as batch:
        for name in reversed(REVIEW_COLUMNS):
            batch.drop_column(name)
    # Not a batch: recreating `cards` would break the reviews' foreign keys on SQLite, whose
    # own DROP COLUMN (3.35+) needs no copy.
    op.drop_column('cards', 'difficulty')
    op.drop_column('cards', 'stability')
