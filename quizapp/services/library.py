"""The deck library: built-in decks synced on start, custom ones copied in, names, titles,
counts, add / remove / restore, and the trust check before a deck's code may run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp import store
from quizapp.core.deck import Deck, DeckError
from quizapp.core.errors import InvalidInput, NotFound
from quizapp.core.history_rows import IMPORTED_DECK
from quizapp.core.i18n import _
from quizapp.core.present import clean
from quizapp.services import deck_cache, installing
from quizapp.services.deck_cache import load_cached, load_deck
from quizapp.services.deck_sources import DeckSources, digest
from quizapp.services.trust import TrustError, TrustPins
from quizapp.verify.loader import file_hash

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from quizapp.store import glance
    from quizapp.store.models import DeckRow
    from quizapp.store.repo import DeckCounts

    Record = DeckRow | glance.DeckRecord  # a deck's row, read by the ORM or at a glance

__all__ = ["DeckSummary", "Library", "TrustError"]


def _row(deck: Deck, builtin: bool, now: datetime) -> DeckRow:
    return store.deck_rows.row_of(deck, builtin, digest(deck.source), now)


@dataclass(frozen=True)
class DeckSummary:
    """One deck as the home screen and `deck list` show it."""

    name: str
    title: str
    counts: DeckCounts


class Library:
    """Deck files by name, loaded lazily, with their verifier modules."""

    def __init__(
        self, sessions: sessionmaker[Session], builtin: list[Path], custom_dir: Path,
        clock: Callable[[], datetime], cache_dir: Path | None = None,
        trust_file: Path | None = None,
    ) -> None:
        self.sessions = sessions
        self.builtin = builtin
        self.custom_dir = custom_dir
        self.clock = clock
        self.cache_dir = cache_dir
        self.trust = TrustPins(trust_file or custom_dir.parent / "trust.json")
        self._decks: dict[str, Deck] = {}
        self._trusted: dict[str, Deck] = {}  # trust checked once per deck and run
        self.sources = DeckSources(sessions, builtin, custom_dir)
        self._rows: dict[str, Record] = {}

    def sync_builtins(self, give_cards: bool = True) -> None:
        """Import built-in decks whose file changed since the last start (usually none), and
        give this learner card rows of every deck (not `give_cards`: a class's set-up)."""
        local = self.sources.scan()
        with self.sessions() as s:  # a read: the usual start writes nothing, locks nothing
            known = {row.content_sha256 for row in store.deck_rows.all_decks(s)}
        changed = {sha: path for sha, path in local.items() if sha not in known}
        if changed:
            # A learner of a class may not write the shared decks: the teacher's install
            # (`class init`) is what they study, even if this install's files differ.
            with store.db.saving(_("the built-in decks"), unless_denied=True), \
                    self.sessions.begin() as s:
                for path in changed.values():
                    deck = load_deck(path)
                    row = _row(deck, True, self.clock())
                    store.deck_rows.save_deck_row(s, row, revive=False)
                    if give_cards:
                        store.deck_rows.sync_cards(s, row.name, store.deck_rows.DeckInfo.of(deck))
        self.refresh()
        if give_cards:
            with self.sessions() as s:
                missing = store.deck_rows.decks_without_cards(s)
            self._give_cards(missing)
        custom = {}
        for name, record in self._rows.items():
            if record.content_sha256 not in local:
                # This machine's copy of the version the row names (its path may be another
                # machine's, for a deck added there).
                source = Path(record.source)
                custom[name] = self.custom_dir / name / source.parent.name / source.name
        installing.clean_leftovers(self.custom_dir, custom)

    def _give_cards(self, decks: set[str]) -> None:
        """Card rows for a learner new to these decks (a new profile, a class's new student,
        a deck the teacher added). A deck whose file is not here is left until it is."""
        infos = {}
        for name in sorted(decks):
            try:
                infos[name] = store.deck_rows.DeckInfo.of(self.deck(name))
            except DeckError:
                continue
        if infos:
            with store.db.saving(_("the new learner's cards")), self.sessions.begin() as s:
                for name, info in infos.items():
                    store.deck_rows.sync_cards(s, name, info)

    def prime(self, records: list[glance.DeckRecord]) -> None:
        """The decks being studied, as a quick start read them (instead of `refresh`)."""
        self._rows = {record.name: record for record in records if record.removed_at is None}

    def refresh(self) -> None:
        with self.sessions() as s:
            self._rows = {row.name: row for row in store.deck_rows.active_decks(s)}
        self._decks = {name: d for name, d in self._decks.items() if name in self._rows}
        self._trusted = {name: d for name, d in self._trusted.items() if name in self._decks}

    @property
    def names(self) -> list[str]:
        return list(self._rows)

    def title(self, name: str, lang: str) -> str:
        row = self._rows[name]
        return clean(row.title_zh if lang == "zh" and row.title_zh else row.title)

    def summaries(self, lang: str) -> list[DeckSummary]:
        """Every deck being studied, with its counts (suspended and buried cards are not
        new or due; removed decks are not listed)."""
        with self.sessions() as s:
            counts = store.repo.deck_counts(s, self.clock())
        empty = store.repo.DeckCounts()
        return [DeckSummary(name, self.title(name, lang), counts.get(name, empty))
                for name in self.names]

    def removed(self) -> list[str]:
        """Decks that were removed and can be restored (not the imported history's)."""
        with self.sessions() as s:
            return sorted(row.name for row in store.deck_rows.all_decks(s)
                          if row.removed_at is not None and row.name != IMPORTED_DECK)

    def deck(self, name: str) -> Deck:
        """The parsed deck; DeckError if its file is gone or broken (say, a custom deck
        added on another machine sharing the database)."""
        if name not in self._decks:
            self._decks[name] = load_cached(self.sources.locate(self._rows[name]),
                                           self.cache_dir)
        return self._decks[name]

    def verifier_path(self, name: str) -> Path | None:
        """The deck's verifier, if its code may run here: built in, or pinned in this
        machine's trust file at this content. Checked once per deck and run of the app."""
        deck = self.deck(name)
        if deck.verifier_path is None:
            return None
        if self._trusted.get(name) is not deck:
            if not (self.sources.is_builtin(deck)
                    or self.trust.allows(name, deck.verifier_path)):
                raise self.trust.refuse(name)
            self._trusted[name] = deck
        return deck.verifier_path

    def verifier_of(self, name: str) -> tuple[Path, str]:
        """The deck's verifier on this machine and its SHA-256 (what `deck trust` pins)."""
        if name not in self._rows:
            raise NotFound(_("no deck named '{name}' (see `quizapp deck list`)").format(
                name=name))
        deck = self.deck(name)
        if deck.verifier_path is None:
            raise InvalidInput(_("deck '{name}' runs no code of its own: nothing to trust")
                               .format(name=name))
        return deck.verifier_path, file_hash(deck.verifier_path)

    def trust_deck(self, name: str) -> None:
        """Pin the deck's verifier as it is now: the learner's consent on this machine, by
        hash, for a deck added on another (a class's shared deck)."""
        path, _digest = self.verifier_of(name)
        self.trust.pin(name, path)
        self._trusted.pop(name, None)

    def add(
        self, path: Path, trust: bool, check: Callable[[Deck], list[str]]
    ) -> tuple[Deck, tuple[int, int, int]]:
        """Copy a deck (and its verifier) in, check it, then switch to it in one transaction.

        The copy goes to a folder of its own per content; the database row's pointer to it
        is the one thing an update changes, so a kill at any moment leaves the deck wholly
        old or wholly new.
        """
        deck = load_deck(path)
        if deck.name in {path.stem for path in self.builtin}:  # a built-in file is its name
            raise DeckError([_("{path}: deck name '{name}' is a built-in deck; pick another")
                             .format(path=path, name=deck.name)])
        if deck.verifier_path is not None and not trust:
            raise TrustError(_("{path}: this deck runs its own Python code ({file}); read it, "
                               "then add the deck with --trust").format(
                path=path, file=deck.verifier_path.name))
        staging, staged = installing.stage(deck, self.custom_dir)
        try:
            problems = check(staged)
            if problems:
                raise DeckError(problems)
            version = installing.install(staging, deck.name, self.custom_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        installed = installing.relocate(staged, version, staging)
        deck_cache.store(installed, self.cache_dir)  # the first study start need not parse it again
        if installed.verifier_path is not None:
            self.trust.pin(deck.name, installed.verifier_path)
        with store.db.saving(_("the deck")), self.sessions.begin() as s:
            counts = store.deck_rows.save_deck(
                s, _row(installed, False, self.clock()),
                store.deck_rows.DeckInfo.of(installed), self.clock())
            # Stored too, so that other machines on this database get the deck (a class).
            store.deck_files.save(s, deck.name, version.name, installing.files_of(version))
        installing.prune(deck.name, self.custom_dir, keep=version)
        self._decks.pop(deck.name, None)
        self._trusted.pop(deck.name, None)
        self.refresh()
        return installed, counts

    def remove(self, name: str) -> None:
        """Hide a deck from study; its cards and review history stay (restore brings it back)."""
        with store.db.saving(_("the removal")), self.sessions.begin() as s:
            row = s.get(store.models.DeckRow, name)
            if row is None or row.removed_at is not None:
                raise NotFound(_("no deck named '{name}' (see `quizapp deck list`)")
                               .format(name=name))
            row.removed_at = self.clock()
        self.refresh()

    def restore(self, name: str) -> None:
        """Bring back a removed deck, built-in or custom, with all its history."""
        with store.db.saving(_("the restore")), self.sessions.begin() as s:
            row = s.get(store.models.DeckRow, name)
            if row is None or name == IMPORTED_DECK:  # another app's history has no file
                raise NotFound(_("no deck named '{name}' was ever added").format(name=name))
            if row.removed_at is None:
                raise InvalidInput(_("deck '{name}' is not removed").format(name=name))
            row.removed_at = None
        self.refresh()
