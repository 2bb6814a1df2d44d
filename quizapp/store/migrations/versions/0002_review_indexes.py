"""review log indexes for scale: new cards today, stats from a covering index, undone rows"""

from alembic import op

revision = '0002'
down_revision = '0001'


def upgrade() -> None:
    # Starting a session counts today's new cards (kind, was_new, at >= start of day):
    # without this index that is a scan of the whole log, 160+ ms at a million reviews.
    # kind comes first so that SQLite, which prefers an equality match, picks this index.
    op.create_index('ix_reviews_kind_new_at', 'reviews', ['kind', 'was_new', 'at'],
                    unique=False)
    # `quizapp stats` counts answers by kind, day and grade: answered from this index alone
    # it reads a fraction of the pages the table's wide rows (answers, params) take.
    op.create_index('ix_reviews_kind_day_quality', 'reviews', ['kind', 'day', 'quality'],
                    unique=False)
    # Every answer count excludes undone rows (id NOT IN the undo rows' targets): with this
    # index that list is read from a handful of index entries, not a scan of the log.
    op.create_index('ix_reviews_undoes', 'reviews', ['undoes'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_reviews_undoes', table_name='reviews')
    op.drop_index('ix_reviews_kind_day_quality', table_name='reviews')
    op.drop_index('ix_reviews_kind_new_at', table_name='reviews')
