"""Where a deck's file is on this machine: a built-in deck is found by its content among
this install's own files, a custom deck in the local decks folder, and a deck added on
another machine sharing the database is written there from the database's copy."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import store
from quizapp.core.deck import Deck, DeckError
from quizapp.core.i18n import _
from quizapp.services import installing

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from quizapp.store.glance import DeckRecord
    from quizapp.store.models import DeckRow


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class DeckSources:
    def __init__(self, sessions: sessionmaker[Session], builtin: list[Path], custom_dir: Path
                 ) -> None:
        self.sessions = sessions
        self.builtin = builtin
        self.custom_dir = custom_dir
        self.local: dict[str, Path] = {}  # content digest -> this machine's built-in file

    def scan(self) -> dict[str, Path]:
        """Hash this install's built-in deck files (on every start: they may have changed)."""
        self.local = {digest(path): path for path in self.builtin}
        return self.local

    def locate(self, row: DeckRow | DeckRecord) -> Path:
        """Where this deck's file is on this machine. A built-in deck is found by its
        content among this install's own files (installs, and machines sharing a database,
        keep it in different places); a row's own flag or path never makes it built-in.
        A custom deck must be in the local decks folder: a path in a database row is
        never loaded from anywhere else."""
        local = self.local.get(row.content_sha256)
        if local is not None:
            return local
        source = Path(row.source)
        if self.in_custom_dir(source) and source.is_file():
            return source
        shared = self._shared(row.name, source)
        if shared is not None:
            return shared
        if not self.in_custom_dir(source):
            raise DeckError([_("deck '{name}': its file {path} is outside quizapp's decks "
                               "folder, so it is not loaded (add it here with `quizapp deck "
                               "add`)").format(name=row.name, path=source)])
        return source

    def _shared(self, name: str, source: Path) -> Path | None:
        """The deck's version from the database (added on another machine), written into
        this machine's decks folder after its files are checked against the version."""
        version = source.parent.name
        with self.sessions() as s:
            files = store.deck_files.load(s, name, version)
        if not files:
            return None
        return installing.materialize(files, name, version, self.custom_dir) / source.name

    def in_custom_dir(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.custom_dir.resolve())
        except (ValueError, OSError):
            return False
        return True

    def is_builtin(self, deck: Deck) -> bool:
        """One of this install's own decks, by the location of its file and verifier."""
        builtin = set(self.local.values())
        if deck.source not in builtin:
            return False
        verifiers = {path.parent.parent / "verifiers" for path in builtin}
        return deck.verifier_path is None or deck.verifier_path.parent in verifiers
