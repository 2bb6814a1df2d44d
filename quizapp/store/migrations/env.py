"""Alembic environment: runs on the connection quizapp hands it, never from a config file."""

from alembic import context

from quizapp.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
