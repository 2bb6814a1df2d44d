"""The deck library: built-in decks synced on start, custom ones copied in, names, titles,
counts, add / remove / restore, and the trust check before a deck's code may run."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType

from sqlalchemy.orm import Session, sessionmaker

from quizapp.core.deck import Deck, DeckError
from quizapp.core.errors import InvalidInput, NotFound
from quizapp.core.i18n import _
from quizapp.services.deck_cache import load_cached, load_deck
from quizapp.store import repo
from quizapp.store.db import saving
from quizapp.store.models import DeckRow
from quizapp.verify.loader import file_hash, load_module


class TrustError(InvalidInput):
    """Custom verifier code that the user has not (or no longer) consented to run."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _row(deck: Deck, builtin: bool, verifier_sha: str | None, now: datetime) -> DeckRow:
    return DeckRow(
        name=deck.name, title=deck.title.en, title_zh=deck.title.zh, source=str(deck.source),
        builtin=builtin, content_sha256=_digest(deck.source), verifier_sha256=verifier_sha,
        added_at=now,
    )


def _info(deck: Deck) -> repo.DeckInfo:
    return repo.DeckInfo({card.key: card.kind for card in deck.cards})


@dataclass(frozen=True)
class DeckSummary:
    """One deck as the home screen and `deck list` show it."""

    name: str
    title: str
    counts: repo.DeckCounts


class Library:
    """Deck files by name, loaded lazily, with their verifier modules."""

    def __init__(
        self, sessions: sessionmaker[Session], builtin: list[Path], custom_dir: Path,
        clock: Callable[[], datetime], cache_dir: Path | None = None,
    ) -> None:
        self.sessions = sessions
        self.builtin = builtin
        self.custom_dir = custom_dir
        self.clock = clock
        self.cache_dir = cache_dir
        self._decks: dict[str, Deck] = {}
        self._modules: dict[str, ModuleType | None] = {}  # checked and imported once per run
        self._local: dict[str, Path] = {}  # content digest -> this machine's built-in file
        self._rows: dict[str, DeckRow] = {}

    def sync_builtins(self) -> None:
        """Import built-in decks whose file changed since the last start (usually none)."""
        self._local = {_digest(path): path for path in self.builtin}
        with self.sessions.begin() as s:
            known = {row.content_sha256 for row in repo.all_decks(s) if row.builtin}
            for digest, path in self._local.items():
                if digest in known:
                    continue
                deck = load_deck(path)
                row = _row(deck, True, None, self.clock())
                repo.save_deck(s, row, _info(deck), self.clock(), revive=False)
        self.refresh()

    def refresh(self) -> None:
        with self.sessions() as s:
            self._rows = {row.name: row for row in repo.active_decks(s)}
        self._decks = {name: d for name, d in self._decks.items() if name in self._rows}
        self._modules = {name: m for name, m in self._modules.items() if name in self._decks}

    @property
    def names(self) -> list[str]:
        return list(self._rows)

    def row(self, name: str) -> DeckRow:
        return self._rows[name]

    def title(self, name: str, lang: str) -> str:
        row = self._rows[name]
        return row.title_zh if lang == "zh" and row.title_zh else row.title

    def summaries(self, lang: str) -> list[DeckSummary]:
        """Every deck being studied, with its counts (suspended and buried cards are not
        new or due; removed decks are not listed)."""
        with self.sessions() as s:
            counts = repo.deck_counts(s, self.clock())
        return [DeckSummary(name, self.title(name, lang), counts.get(name, repo.DeckCounts()))
                for name in self.names]

    def removed(self) -> list[str]:
        """Decks that were removed and can be restored."""
        with self.sessions() as s:
            return sorted(row.name for row in repo.all_decks(s) if row.removed_at is not None)

    def _source(self, row: DeckRow) -> Path:
        """A built-in deck is found by content on this machine: installs (and the machines
        sharing one PostgreSQL database) keep it in different places."""
        if row.builtin and row.content_sha256 in self._local:
            return self._local[row.content_sha256]
        return Path(row.source)

    def deck(self, name: str) -> Deck:
        """The parsed deck; DeckError if its file is gone or broken (say, a custom deck
        added on another machine sharing the database)."""
        if name not in self._decks:
            self._decks[name] = load_cached(self._source(self._rows[name]), self.cache_dir)
        return self._decks[name]

    def module(self, deck: Deck) -> ModuleType | None:
        """The deck's verifier module, imported only if built in or trusted at this hash.

        Asked for on every question and answer, so the trust check and the import (both
        hash the verifier's files) run once per deck and run of the app.
        """
        if self._decks.get(deck.name) is deck and deck.name in self._modules:
            return self._modules[deck.name]
        if deck.verifier_path is None:
            return None
        row = self._rows.get(deck.name)
        trusted = row is None or row.builtin or row.verifier_sha256 == file_hash(deck.verifier_path)
        if not trusted:
            raise TrustError(
                f"the verifier of deck '{deck.name}' changed since you trusted it; "
                f"re-add the deck with --trust to run it"
            )
        module = load_module(deck.verifier_path)
        if self._decks.get(deck.name) is deck:
            self._modules[deck.name] = module
        return module

    def verifier_path(self, name: str) -> Path | None:
        """The deck's verifier, if it may run: built in, or trusted at this content hash."""
        deck = self.deck(name)
        if deck.verifier_path is None:
            return None
        self.module(deck)  # the trust check, once per deck and run
        return deck.verifier_path

    def add(
        self, path: Path, trust: bool, check: Callable[[Deck], list[str]]
    ) -> tuple[Deck, tuple[int, int, int]]:
        """Copy a deck (and its verifier) in, check it, then import it in one transaction."""
        deck = load_deck(path)
        with self.sessions() as s:
            builtin = {row.name for row in repo.all_decks(s) if row.builtin}
        if deck.name in builtin:  # known from the sync at start: no need to parse them again
            raise DeckError([f"{path}: deck name '{deck.name}' is a built-in deck; pick another"])
        if deck.verifier_path is not None and not trust:
            raise TrustError(
                f"{path}: this deck runs its own Python code ({deck.verifier_path.name}); "
                "read it, then add the deck with --trust"
            )
        staging = Path(tempfile.mkdtemp(prefix=".add-", dir=self._ensure_dir()))
        try:
            copy = self._stage(deck, staging)
            problems = check(copy)
            if problems:
                raise DeckError(problems)
            final = self.custom_dir / deck.name
            backup = final.with_name(f".old-{deck.name}")
            shutil.rmtree(backup, ignore_errors=True)
            if final.exists():
                final.rename(backup)
            staging.rename(final)
            installed = load_deck(final / deck.source.name)
            pin = file_hash(installed.verifier_path) if installed.verifier_path else None
            try:
                with self.sessions.begin() as s:
                    counts = repo.save_deck(
                        s, _row(installed, False, pin, self.clock()), _info(installed), self.clock()
                    )
            except Exception:
                shutil.rmtree(final, ignore_errors=True)
                if backup.exists():
                    backup.rename(final)
                raise
            shutil.rmtree(backup, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._decks.pop(deck.name, None)
        self._modules.pop(deck.name, None)
        self.refresh()
        return installed, counts

    def _ensure_dir(self) -> Path:
        self.custom_dir.mkdir(parents=True, exist_ok=True)
        return self.custom_dir

    def _stage(self, deck: Deck, staging: Path) -> Deck:
        shutil.copy2(deck.source, staging / deck.source.name)
        if deck.verifier_path is not None:
            try:
                relative = deck.verifier_path.relative_to(deck.source.parent.resolve())
            except ValueError:
                message = f"{deck.source}: the verifier must be in the deck's folder"
                raise DeckError([message]) from None
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            if deck.verifier_path.is_dir():
                shutil.copytree(deck.verifier_path, staging / relative,
                                ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(deck.verifier_path, staging / relative)
        return load_deck(staging / deck.source.name)

    def remove(self, name: str) -> None:
        """Hide a deck from study; its cards and review history stay (restore brings it back)."""
        with saving(_("the removal")), self.sessions.begin() as s:
            row = s.get(DeckRow, name)
            if row is None or row.removed_at is not None:
                raise NotFound(_("no deck named '{name}' (see `quizapp deck list`)")
                               .format(name=name))
            row.removed_at = self.clock()
        self.refresh()

    def restore(self, name: str) -> None:
        """Bring back a removed deck, built-in or custom, with all its history."""
        with saving(_("the restore")), self.sessions.begin() as s:
            row = s.get(DeckRow, name)
            if row is None:
                raise NotFound(_("no deck named '{name}' was ever added").format(name=name))
            if row.removed_at is None:
                raise InvalidInput(_("deck '{name}' is not removed").format(name=name))
            row.removed_at = None
        self.refresh()
