"""Custom decks' files in the database: stored with each `deck add`, read back on a
machine whose decks folder lacks that version."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from quizapp.store.models import DeckFileRow


def save(s: Session, deck: str, version: str, files: dict[str, bytes]) -> None:
    """The files of the deck's current version, replacing any other version's."""
    s.execute(delete(DeckFileRow).where(DeckFileRow.deck == deck))
    s.add_all(DeckFileRow(deck=deck, version=version, path=path, content=content)
              for path, content in sorted(files.items()))


def load(s: Session, deck: str, version: str) -> dict[str, bytes]:
    """Relative path -> content; empty when the database holds no such version."""
    rows = s.execute(select(DeckFileRow.path, DeckFileRow.content).where(
        DeckFileRow.deck == deck, DeckFileRow.version == version))
    return {path: bytes(content) for path, content in rows}
