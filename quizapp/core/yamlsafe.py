"""Hardened YAML reading: YAML 1.2 scalars, safe tags only, size and alias limits, lines."""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from quizapp.core.limits import MAX_DIGITS

MAX_BYTES = 2_000_000
MAX_NODES = 200_000  # counted with aliases expanded, so a "billion laughs" file stops early

PathKey = tuple[str | int, ...]
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class YamlProblem(Exception):
    """A YAML file that cannot be read; `line`/`column` are 1-based where known."""

    message: str
    line: int | None = None
    column: int | None = None


# YAML 1.2's core schema: `1e-8` is a float, `yes`/`on` are strings, `017` is seventeen, and
# nothing is a date. PyYAML implements YAML 1.1, so its implicit resolvers are replaced.
_CORE = {
    "tag:yaml.org,2002:null": (r"^(?:~|null|Null|NULL|)$", [*"~nN", ""]),
    "tag:yaml.org,2002:bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    "tag:yaml.org,2002:int": (r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
                              list("-+0123456789")),
    "tag:yaml.org,2002:float": (
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
}
# Explicit tags that would build dates, sets, bytes or ordered pairs are refused.
_REFUSED = ("timestamp", "binary", "set", "omap", "pairs")


class Loader(_Base):
    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag, (_pattern, _first) in _CORE.items():
    Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _int(loader: Any, node: yaml.ScalarNode) -> int:
    text = str(node.value)
    digits = text.lstrip("+-")
    if len(digits) > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"an integer of {len(digits)} digits is too long", node.start_mark)
    try:
        if digits.startswith(("0o", "0x")):
            value = int(digits, 0)
            return -value if text.startswith("-") else value
        return int(text, 10)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{text[:40]}' is not an integer", node.start_mark) from None


def _float(loader: Any, node: yaml.ScalarNode) -> float:
    text = str(node.value)
    lowered = text.lower()
    if lowered.lstrip("+-") == ".inf":
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    if len(text) > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None, None, "a number this long is not allowed", node.start_mark)
    try:
        return float(text)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{text[:40]}' is not a number", node.start_mark) from None


def _bool(loader: Any, node: yaml.ScalarNode) -> bool:
    text = str(node.value).lower()
    if text not in {"true", "false"}:
        raise yaml.constructor.ConstructorError(
            None, None, f"'{text[:40]}' is not true or false", node.start_mark)
    return text == "true"


def _refuse(loader: Any, node: yaml.Node) -> None:
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag} is not allowed in a deck", node.start_mark)


Loader.add_constructor("tag:yaml.org,2002:int", _int)
Loader.add_constructor("tag:yaml.org,2002:float", _float)
Loader.add_constructor("tag:yaml.org,2002:bool", _bool)
for _name in _REFUSED:
    Loader.add_constructor(f"tag:yaml.org,2002:{_name}", _refuse)


def _count_nodes(node: yaml.Node, budget: list[int]) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlProblem(f"the document expands to more than {MAX_NODES} nodes (alias bomb?)",
                          node.start_mark.line + 1, node.start_mark.column + 1)
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


def read_text(path: Path) -> str:
    """A deck file's text; refuses what is not a regular file and reads at most MAX_BYTES + 1,
    whatever the file system says its size is (/dev/zero, a FIFO, a growing file)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem("not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise YamlProblem(exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise YamlProblem(f"file is over {MAX_BYTES / 1e6:.0f} MB; decks are limited to that")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlProblem(f"not UTF-8 text ({exc.reason})") from None


def parse(text: str) -> tuple[Any, dict[PathKey, tuple[int, int]]]:
    """Parse one YAML document; returns the data and a map from key path to (line, column)."""
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
        raise YamlProblem(str(exc).splitlines()[0]) from None
    except (ValueError, TypeError, RecursionError) as exc:  # a constructor PyYAML left unguarded
        raise YamlProblem(f"cannot read a value: {exc}"[:200]) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, tuple[int, int]] = {}
    _lines(node, (), lines)
    return data, lines


def load(path: Path) -> tuple[Any, dict[PathKey, tuple[int, int]]]:
    """Read and parse one deck file (see read_text and parse)."""
    return parse(read_text(Path(path)))


def scalar(text: str) -> Any:
    """One value typed on the command line (`--param eps=1e-8`), by the same YAML 1.2 rules."""
    data, _ = parse(text)
    return data
