"""the known slip that fired on a review (its stable id), for counting misconceptions"""

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'


def upgrade() -> None:
    # Nullable and without a default: adding it rewrites no existing row, on SQLite too.
    with op.batch_alter_table('reviews') as batch:
        batch.add_column(sa.Column('slip', sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('reviews') as batch:
        batch.drop_column('slip')
