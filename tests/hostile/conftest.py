"""A custom deck whose author code misbehaves in every way the verifier worker must survive.

Every function behaves until a file named ARMED lies next to the verifier: so `deck add`
(which runs the verifier) accepts the deck, and a test then arms the installed copy. The
trust pin covers the deck's Python files only, so arming changes nothing it checks.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

BEHAVIOURS = {
    "hang": "while True:\n    pass",
    "exit": "import sys\nsys.exit(3)",
    "hard-exit": "import os\nos._exit(0)",
    "segfault": "import ctypes\nctypes.string_at(0)",
    "allocate": "block = []\nwhile True:\n    block.append(bytearray(50_000_000))",
    "huge-tensor": "import torch\ntorch.zeros(6000, 6000, dtype=torch.float64)",
    "endless": "import itertools\nlist(itertools.count())",
}
ROLES = ("verifier", "sampler", "slips")

HEADER = '''from pathlib import Path

ARMED = Path(__file__).with_name("ARMED")


def ok(p, device):
    return p["x"], "x"

'''


def card_id(behaviour: str, role: str) -> str:
    return f"{behaviour}-{role}"


def deck_text(behaviours: Sequence[str] = tuple(BEHAVIOURS), roles: tuple[str, ...] = ROLES) -> str:
    lines = ["name: hostile\ntitle: Hostile\nverifier: hostile.py\ncards:\n"]
    for name in behaviours:
        fn = name.replace("-", "_")
        for role in roles:
            lines.append(
                f"  - id: {card_id(name, role)}\n    kind: quiz\n    prompt: \"{name} {{x}}?\"\n"
                f"    params: {{x: {{int: [1, 9]}}}}\n    answer: int\n"
                + ("    verifier: " + (f"v_{fn}" if role == "verifier" else "ok") + "\n")
                + (f"    sample: s_{fn}\n" if role == "sampler" else "")
                + (f"    slips: l_{fn}\n" if role == "slips" else ""))
    lines.append("  - id: mutates\n    kind: quiz\n    prompt: \"x is {x}?\"\n"
                 "    params: {x: {int: [1, 9]}}\n    answer: int\n    verifier: mutate\n")
    return "".join(lines)


def verifier_text() -> str:
    parts = [HEADER, 'def mutate(p, device):\n    x = p["x"]\n    p["x"] = 999\n'
                     '    return x, "x"\n\n']
    for name, body in BEHAVIOURS.items():
        fn = name.replace("-", "_")
        body = textwrap.indent(body, " " * 8)
        parts.append(f"def misbehave_{fn}():\n    if ARMED.exists():\n{body}\n\n\n")
        parts.append(f"def v_{fn}(p, device):\n    misbehave_{fn}()\n    return p['x'], 'x'\n\n\n")
        parts.append(f"def s_{fn}(p, rng):\n    misbehave_{fn}()\n    return p\n\n\n")
        parts.append(f"def l_{fn}(p):\n    misbehave_{fn}()\n    return []\n\n\n")
    return "".join(parts)


@pytest.fixture
def hostile_deck(tmp_path: Path) -> Callable[..., Path]:
    """`hostile_deck(behaviours, roles, armed=False)` writes the deck; returns its YAML."""

    def write(behaviours: Sequence[str] = tuple(BEHAVIOURS), roles: tuple[str, ...] = ROLES,
              armed: bool = False) -> Path:
        folder = tmp_path / "hostile-src"
        folder.mkdir(exist_ok=True)
        (folder / "hostile.py").write_text(verifier_text(), encoding="utf-8")
        path = folder / "hostile.yaml"
        path.write_text(deck_text(behaviours, roles), encoding="utf-8")
        (folder / "ARMED").unlink(missing_ok=True)
        if armed:
            (folder / "ARMED").touch()
        return path

    return write


def arm_installed(home: Path) -> None:
    """Arm the copy `deck add` installed in the data directory."""
    for version in (home / "decks" / "hostile").glob("v-*"):
        (version / "ARMED").touch()
