"""Import verifier modules by file path under private names; hash them for trust pins."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from quizapp.core.deck import Deck
from quizapp.core.errors import InvalidInput


class VerifierLoadError(InvalidInput):
    """A verifier module that cannot be imported or lacks a function a card names."""


def source_files(path: Path) -> list[Path]:
    """The Python files of a verifier: one module, or every module of a package folder."""
    path = Path(path)
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


def file_hash(path: Path) -> str:
    """The trust pin: covers every file of a package, so editing any of them needs re-trust."""
    digest = hashlib.sha256()
    root = Path(path)
    for source in source_files(root):
        digest.update(str(source.relative_to(root) if root.is_dir() else source.name).encode())
        digest.update(b"\0" + source.read_bytes() + b"\0")
    return digest.hexdigest()


def load_module(path: Path) -> ModuleType:
    """Import a verifier once; the name carries its hash so an edited verifier reloads.

    A verifier is a module file, or a package folder (with __init__.py) whose modules import
    each other relatively; either way it lives under a private name, never `verifiers`.
    """
    digest = file_hash(path)
    stem = re.sub(r"\W", "_", Path(path).stem)
    name = f"_quizapp_verifier_{stem}_{digest[:16]}"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(path)
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(
            name, path / "__init__.py", submodule_search_locations=[str(path)]
        )
    else:
        spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise VerifierLoadError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # before exec: a package's relative imports look it up
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the author's code: report any failure, never crash
        del sys.modules[name]
        raise VerifierLoadError(f"{path}: import failed: {type(exc).__name__}: {exc}") from None
    return module


def missing_functions(deck: Deck, module: ModuleType) -> list[str]:
    """'file:line: card: ...' for every verifier or sampler a card names but the module lacks."""
    problems = []
    for card in deck.cards:
        roles = (("verifier", card.verifier), ("sampler", card.sampler), ("slips", card.slips),
                 ("derive", card.derive))
        for role, name in roles:
            if name and not callable(getattr(module, name, None)):
                problems.append(
                    f"{deck.source}:{card.line}: {card.key}: {role} function '{name}' "
                    f"not found in {module.__file__}"
                )
    return problems
