"""Trust pins, kept on the learner's machine: which custom verifier code may run here.

A pin is (deck name, verifier path, SHA-256 of every verifier file). Pins live in
`trust.json` in the local data directory, never in the database: a database is shared
(a class server) and anyone who can write to it must not be able to make code run.
Built-in decks need no pin: they are recognised by their local files' content.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizapp.core.errors import InvalidInput
from quizapp.core.i18n import _
from quizapp.verify.loader import file_hash


class TrustError(InvalidInput):
    """Custom verifier code that the user has not (or no longer) consented to run here."""


@dataclass
class TrustPins:
    path: Path

    def _read(self) -> list[dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []  # none yet, or unreadable: nothing is trusted
        pins = data.get("pins") if isinstance(data, dict) else None
        return [p for p in pins or [] if isinstance(p, dict)]

    def allows(self, deck: str, verifier: Path) -> bool:
        """Whether the user trusted exactly this code for this deck on this machine."""
        pins = self._read()
        if not pins:
            return False
        where = str(Path(verifier).resolve())
        digest = file_hash(verifier)
        return any(p.get("deck") == deck and p.get("path") == where and p.get("sha256") == digest
                   for p in pins)

    def pin(self, deck: str, verifier: Path) -> None:
        """Record the user's consent (`--trust`); written atomically."""
        where = str(Path(verifier).resolve())
        pins = [p for p in self._read() if not (p.get("deck") == deck and p.get("path") == where)]
        pins.append({"deck": deck, "path": where, "sha256": file_hash(verifier),
                     "trusted_at": datetime.now(UTC).isoformat(timespec="seconds")})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".trust-", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump({"pins": pins}, out, indent=1)
        os.replace(temp, self.path)

    def refuse(self, deck: str) -> TrustError:
        return TrustError(_("the verifier of deck '{deck}' is not trusted on this machine, or "
                            "changed since it was; read it, then add the deck again with "
                            "--trust (or `quizapp deck trust {deck}`)").format(deck=deck))
