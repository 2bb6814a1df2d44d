"""Copying a deck in: staged, checked, then one versioned folder per content, so that an
update is a single committed pointer change (never half old, half new)."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from quizapp.core.deck import Deck, DeckError
from quizapp.core.i18n import _

MAX_BYTES = 50 * 1024 * 1024  # a verifier package larger than this is not a verifier
MAX_FILES = 2000
STALE_SECONDS = 600  # leftovers older than this, from a killed `deck add`, are removed


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _copy_tree(source: Path, target: Path) -> None:
    """Copy a verifier folder; a symlink is followed only when it stays inside the folder."""
    root = source.resolve()
    total, files = 0, 0
    for folder, dirs, names in os.walk(source, followlinks=False):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for name in [*dirs, *names]:
            entry = Path(folder, name)
            if entry.is_symlink() and not _inside(entry.resolve(), root):
                raise DeckError([_("{path}: a symlink that leaves the deck's folder; nothing "
                                   "was copied").format(path=entry)])
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in names:
            entry = Path(folder, name)
            if not entry.resolve().is_file():
                continue
            files += 1
            total += entry.stat().st_size
            if total > MAX_BYTES or files > MAX_FILES:
                raise DeckError([_("{path}: the verifier folder is too large (over {mb} MB or "
                                   "{n} files)").format(path=source, mb=MAX_BYTES >> 20,
                                                       n=MAX_FILES)])
            shutil.copyfile(entry, target / relative / name)


def relocate(deck: Deck, folder: Path, origin: Path) -> Deck:
    """The same parsed deck, its files now under `folder` (copied from `origin`), without
    parsing its YAML again (a 10,000-card deck takes seconds to parse)."""
    verifier = None
    if deck.verifier_path is not None:
        verifier = folder / deck.verifier_path.relative_to(origin)
    return replace(deck, source=folder / deck.source.name, verifier_path=verifier)


def stage(deck: Deck, custom_dir: Path) -> tuple[Path, Deck]:
    """A private copy of the deck (and its verifier) to check before anything changes."""
    custom_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".add-", dir=custom_dir))
    try:
        shutil.copyfile(deck.source, staging / deck.source.name)
        if deck.verifier_path is not None:
            if not _inside(deck.verifier_path, deck.source.parent.resolve()):
                raise DeckError([_("{path}: the verifier must be in the deck's folder").format(
                    path=deck.source)])
            relative = deck.verifier_path.relative_to(deck.source.parent.resolve())
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            if deck.verifier_path.is_dir():
                _copy_tree(deck.verifier_path, staging / relative)
            else:
                shutil.copyfile(deck.verifier_path, staging / relative)
        return staging, relocate(deck, staging, deck.source.parent.resolve())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def install(staging: Path, name: str, custom_dir: Path) -> Path:
    """Move a checked staging folder to its version folder, custom_dir/NAME/v-DIGEST/, and
    return it. Nothing refers to it until the database row is committed."""
    version = custom_dir / name / f"v-{_digest(staging)}"
    if version.exists():
        shutil.rmtree(staging, ignore_errors=True)  # the same content is installed already
        return version
    version.parent.mkdir(parents=True, exist_ok=True)
    staging.rename(version)
    return version


def prune(name: str, custom_dir: Path, keep: Path, older_than: float = 0.0) -> None:
    """Remove a deck's version folders other than `keep` (older than `older_than` s)."""
    folder = custom_dir / name
    if not folder.is_dir():
        return
    now = time.time()
    for version in folder.glob("v-*"):
        if version.resolve() != keep.resolve() and now - version.stat().st_mtime >= older_than:
            shutil.rmtree(version, ignore_errors=True)


def clean_leftovers(custom_dir: Path, current: dict[str, Path]) -> None:
    """After a `deck add` was killed: its staging folders, and a version it installed but
    never committed. `current` is each custom deck's folder in use."""
    if not custom_dir.is_dir():
        return
    now = time.time()
    for staging in custom_dir.glob(".add-*"):
        if now - staging.stat().st_mtime >= STALE_SECONDS:
            shutil.rmtree(staging, ignore_errors=True)
    for name, source in current.items():
        prune(name, custom_dir, source.parent, older_than=STALE_SECONDS)


def files_of(version: Path) -> dict[str, bytes]:
    """Every file of an installed version, by relative POSIX path: what the database keeps."""
    return {p.relative_to(version).as_posix(): p.read_bytes()
            for p in sorted(version.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def materialize(files: dict[str, bytes], name: str, version: str, custom_dir: Path) -> Path:
    """Write a deck version read from the database into this machine's decks folder, only if
    its files hash to the version's name (the pin the deck row points at); its folder."""
    target = custom_dir / name / version
    if target.is_dir():
        return target
    custom_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".add-", dir=custom_dir))
    try:
        for relative, content in files.items():
            path = (staging / relative).resolve()
            if not _inside(path, staging.resolve()) or Path(relative).is_absolute():
                raise DeckError([_("deck '{name}': a stored file leaves the deck's folder "
                                   "({path}); nothing was written").format(name=name,
                                                                          path=relative)])
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if f"v-{_digest(staging)}" != version:
            raise DeckError([_("deck '{name}': the files stored in the database do not match "
                               "the version the deck names (changed since it was added?); "
                               "nothing of it is loaded").format(name=name)])
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.rename(target)
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)
