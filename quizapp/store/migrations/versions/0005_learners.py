"""learners: every card state, review and setting belongs to one; existing data to the default

The default learner is QUIZAPP_LEARNER, else the OS user name, as when the app starts. Cards
are unique per learner and key; the indexes that serve the queue and the statistics lead with
the learner, so one learner's queries read only that learner's index entries.

SQLite cannot drop the old unique constraint on `cards.key` in place: the table is copied
(quizapp runs migrations with foreign keys off, as Alembic's batch mode needs, and checks them
afterwards). `reviews` only gains a column, which SQLite adds without a copy.
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from quizapp.core.learners import FALLBACK, NAME, default_name

revision = '0005'
down_revision = '0004'

CARD_INDEXES = {'ix_cards_queue': ['deck', 'retired', 'suspended', 'due'], 'ix_cards_due': ['due']}
REVIEW_INDEXES = {'ix_reviews_day': ['day'], 'ix_reviews_kind_new_at': ['kind', 'was_new', 'at'],
                  'ix_reviews_kind_day_quality': ['kind', 'day', 'quality'],
                  # The undone rows' list is read per learner too: without the learner in
                  # this index SQLite reads it off another index, every review of the learner.
                  'ix_reviews_undoes': ['undoes']}


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def _key_constraint() -> str:
    """The name of 0001's UNIQUE(key): PostgreSQL's own, or the convention's on SQLite, where
    0001 left it unnamed."""
    for found in sa.inspect(op.get_bind()).get_unique_constraints('cards'):
        if found['column_names'] == ['key']:
            return found['name'] or 'uq_cards_key'
    raise RuntimeError('cards has no unique key to replace')


def upgrade() -> None:
    learners = op.create_table(
        'learners',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('role', sa.String(length=63), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name', name='uq_learners_name'),
        sa.UniqueConstraint('role', name='uq_learners_role'),
    )
    name = default_name()
    op.bulk_insert(learners, [{'id': 1, 'name': name if NAME.fullmatch(name) else FALLBACK,
                               'created_at': datetime.now(UTC).replace(tzinfo=None)}])
    if op.get_bind().dialect.name == 'postgresql':  # the next learner must not reuse id 1
        op.execute("SELECT setval(pg_get_serial_sequence('learners', 'id'), 1)")

    for index in CARD_INDEXES:
        op.drop_index(index, table_name='cards')
    if _sqlite():
        # The unnamed UNIQUE(key) of 0001 gets a name from the convention, so it can go.
        with op.batch_alter_table('cards', recreate='always', naming_convention={
                'uq': 'uq_%(table_name)s_%(column_0_name)s'}) as batch:
            batch.drop_constraint(_key_constraint(), type_='unique')
            batch.add_column(sa.Column('learner_id', sa.Integer(), nullable=False,
                                       server_default='1'))
            batch.create_foreign_key('fk_cards_learner', 'learners', ['learner_id'], ['id'])
            batch.create_unique_constraint('uq_cards_learner_key', ['learner_id', 'key'])
    else:
        op.drop_constraint(_key_constraint(), 'cards', type_='unique')
        op.add_column('cards', sa.Column('learner_id', sa.Integer(), nullable=False,
                                         server_default='1'))
        op.alter_column('cards', 'learner_id', server_default=None)
        op.create_foreign_key('fk_cards_learner', 'cards', 'learners', ['learner_id'], ['id'])
        op.create_unique_constraint('uq_cards_learner_key', 'cards', ['learner_id', 'key'])
    for index, columns in CARD_INDEXES.items():
        op.create_index(index, 'cards', ['learner_id', *columns])

    for index in REVIEW_INDEXES:
        op.drop_index(index, table_name='reviews')
    # SQLite keeps the default in the schema (removing it would copy the log); quizapp always
    # writes the learner, and PostgreSQL has no default left to fall back on.
    op.add_column('reviews', sa.Column('learner_id', sa.Integer(), nullable=False,
                                       server_default='1'))
    if not _sqlite():
        op.alter_column('reviews', 'learner_id', server_default=None)
    for index, columns in REVIEW_INDEXES.items():
        op.create_index(index, 'reviews', ['learner_id', *columns])

    # Settings become per learner: a new table (nothing refers to it), the rows copied.
    op.create_table(
        'settings_0005',
        sa.Column('learner_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('learner_id', 'key', name='pk_settings'),
    )
    op.execute('INSERT INTO settings_0005 (learner_id, key, value) '
               'SELECT 1, key, value FROM settings')
    op.drop_table('settings')
    op.rename_table('settings_0005', 'settings')


def downgrade() -> None:
    bind = op.get_bind()
    if bind.execute(sa.text('SELECT count(*) FROM learners')).scalar() != 1:
        raise RuntimeError('this database has more than one learner; schema 0004 has room for '
                           'one, so it cannot be downgraded')
    op.create_table(
        'settings_0004',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )
    op.execute('INSERT INTO settings_0004 (key, value) SELECT key, value FROM settings')
    op.drop_table('settings')
    op.rename_table('settings_0004', 'settings')
    for index, columns in REVIEW_INDEXES.items():
        op.drop_index(index, table_name='reviews')
        op.create_index(index, 'reviews', columns)
    op.drop_column('reviews', 'learner_id')
    for index in CARD_INDEXES:
        op.drop_index(index, table_name='cards')
    if _sqlite():
        with op.batch_alter_table('cards', recreate='always') as batch:
            batch.drop_constraint('uq_cards_learner_key', type_='unique')
            batch.drop_constraint('fk_cards_learner', type_='foreignkey')
            batch.drop_column('learner_id')
            batch.create_unique_constraint('uq_cards_key', ['key'])
    else:
        op.drop_constraint('uq_cards_learner_key', 'cards', type_='unique')
        op.drop_constraint('fk_cards_learner', 'cards', type_='foreignkey')
        op.drop_column('cards', 'learner_id')
        op.create_unique_constraint('cards_key_key', 'cards', ['key'])
    for index, columns in CARD_INDEXES.items():
        op.create_index(index, 'cards', columns)
    op.drop_table('learners')
