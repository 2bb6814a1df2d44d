"""Import verifier modules by file path under private names; hash them for trust pins."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from quizapp.core.deck import Deck


class VerifierLoadError(Exception):
    """A verifier module that cannot be imported or lacks a function a card names."""


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_module(path: Path) -> ModuleType:
    """Import a verifier file once; the name carries its hash so an edited file reloads."""
    digest = file_hash(path)
    stem = re.sub(r"\W", "_", Path(path).stem)
    name = f"_quizapp_verifier_{stem}_{digest[:16]}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise VerifierLoadError(f"{path}: not a Python module")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # the author's code: report any failure, never crash
        raise VerifierLoadError(f"{path}: import failed: {type(exc).__name__}: {exc}") from None
    sys.modules[name] = module
    return module


def missing_functions(deck: Deck, module: ModuleType) -> list[str]:
    """'file:line: card: ...' for every verifier or sampler a card names but the module lacks."""
    problems = []
    for card in deck.cards:
        roles = (("verifier", card.verifier), ("sampler", card.sampler), ("slips", card.slips))
        for role, name in roles:
            if name and not callable(getattr(module, name, None)):
                problems.append(
                    f"{deck.source}:{card.line}: {card.key}: {role} function '{name}' "
                    f"not found in {module.__file__}"
                )
    return problems
