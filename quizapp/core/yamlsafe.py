"""Hardened YAML reading: safe tags only, size and alias-expansion limits, line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 2_000_000
MAX_NODES = 200_000  # counted with aliases expanded, so a "billion laughs" file stops early

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PathKey = tuple[str | int, ...]


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A YAML file that cannot be read; `line`/`column` are 1-based where known."""

    message: str
    line: int | None = None
    column: int | None = None


def _count_nodes(node: yaml.Node, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(f"the document expands to more than {MAX_NODES} nodes (alias bomb?)")
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _count_nodes(key, budget)
            _count_nodes(value, budget)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _count_nodes(item, budget)


def _lines(node: yaml.Node, path: PathKey, out: dict[PathKey, tuple[int, int]]) -> None:
    out.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, (*path, str(key.value)), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _lines(item, (*path, index), out)


def load(path: Path) -> tuple[Any, dict[PathKey, tuple[int, int]]]:
    """Parse one YAML file; returns the data and a map from key path to (line, column)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlProblem(f"file is {size / 1e6:.1f} MB; decks are limited to 2 MB")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise YamlProblem(exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not UTF-8 text ({exc.reason})") from None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _count_nodes(node, [MAX_NODES])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if "could not determine a constructor" in problem:
            problem = "this tag constructs Python objects; decks allow plain YAML only"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise YamlProblem(problem, line, column) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc)) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, tuple[int, int]] = {}
    _lines(node, (), lines)
    return data, lines
