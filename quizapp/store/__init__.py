"""Persistence: SQLAlchemy 2.0 models, the engine factory, migrations and repositories."""
