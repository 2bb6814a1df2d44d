"""Pure domain logic: no Textual, SQLAlchemy or torch imports anywhere in this package."""
