"""The wheel a user installs: built-in decks inside quizapp/, no top-level `verifiers`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out)], check=True, capture_output=True,
    )
    [built] = out.glob("quizapp-*.whl")
    return built


def test_wheel_ships_the_decks_under_quizapp_and_no_top_level_verifiers(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top_level = {name.split("/")[0] for name in names}
    assert "verifiers" not in top_level and "cards" not in top_level
    for deck in (ROOT / "cards").glob("*.yaml"):
        assert f"quizapp/_builtin/cards/{deck.name}" in names
    modules = list((ROOT / "verifiers").rglob("*.py"))
    assert len(modules) >= 8
    for module in modules:
        relative = module.relative_to(ROOT / "verifiers").as_posix()
        assert f"quizapp/_builtin/verifiers/{relative}" in names
    assert not any("__pycache__" in name for name in names)
    assert "quizapp/templates/deck.yaml.tmpl" in names
    assert any(n.startswith("quizapp/store/migrations/versions/") for n in names)


@pytest.mark.slow
def test_installed_wheel_finds_every_builtin_deck(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target), "QUIZAPP_HOME": str(tmp_path / "home")}
    script = ("import sys; sys.argv = ['quizapp'] + sys.argv[1:]\n"
              f"import quizapp; assert quizapp.__file__.startswith({str(target)!r})\n"
              "from quizapp.entry import main; main()")

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, *args], env=env, text=True,
                              capture_output=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        return done.stdout

    listed = run("deck", "list")
    for deck in (ROOT / "cards").glob("*.yaml"):
        assert f"\n{deck.stem} " in listed
    shown = json.loads(run("card", "show", "conv/conv2d-output-shape", "--seed", "3", "--json"))
    p = shown["params"]
    size = [(n + 2 * p["padding"] - p["dilation"] * (p["kernel_size"] - 1) - 1)
            // p["stride"] + 1 for n in (p["H"], p["W"])]
    assert shown["answer"] == [p["N"], p["C_out"], *size]
