"""deck files: each custom deck's installed files, for machines that share the database

Nothing existing changes; a deck added before this revision is stored the next time it is
added (or updated) with `quizapp deck add`.
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'


def upgrade() -> None:
    op.create_table(
        'deck_files',
        sa.Column('deck', sa.String(length=80), nullable=False),
        sa.Column('version', sa.String(length=20), nullable=False),
        sa.Column('path', sa.String(length=500), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('deck', 'version', 'path', name='pk_deck_files'),
    )


def downgrade() -> None:
    op.drop_table('deck_files')
