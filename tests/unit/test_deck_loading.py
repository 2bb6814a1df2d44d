"""Every built-in deck loads cleanly; broken deck files are refused with file:line reports."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.core import params as P
from quizapp.core.deck import Card, Deck, DeckError, Text
from quizapp.core.deck_loader import load_deck
from quizapp.verify.loader import (
    VerifierLoadError,
    load_module,
    missing_functions,
    source_files,
)

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = sorted((ROOT / "cards").glob("*.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module", params=BUILTIN, ids=[p.stem for p in BUILTIN])
def builtin(request: pytest.FixtureRequest) -> Deck:
    return load_deck(request.param)


def test_there_are_built_in_decks() -> None:
    assert len(BUILTIN) >= 2


def test_deck_names_are_unique_across_built_ins() -> None:
    names = [load_deck(path).name for path in BUILTIN]
    assert len(names) == len(set(names))


def test_card_ids_are_unique(builtin: Deck) -> None:
    ids = [card.id for card in builtin.cards]
    assert len(ids) == len(set(ids))
    assert builtin.cards


def _texts(card: Card) -> dict[str, object]:
    fields: dict[str, object] = {"prompt": card.prompt, "back": card.back, "explain": card.explain}
    fields.update({f"choices[{i}]": c for i, c in enumerate(card.choices)})
    return {name: text for name, text in fields.items() if text is not None}


def _bilingual(text: Text) -> bool:
    # A plain string serves both languages; built-in decks use one only for code such as
    # `torch.float32` or `output[-1, :, :H]`, never for words (two in a row are prose).
    if text.zh is None:
        return re.search(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}", text.en) is None
    return bool(text.en.strip() and text.zh.strip())


def test_every_text_field_has_both_languages(builtin: Deck) -> None:
    missing = [] if builtin.title.zh else [f"{builtin.name}: title"]
    for card in builtin.cards:
        for name, text in _texts(card).items():
            if not _bilingual(text):  # type: ignore[arg-type]
                missing.append(f"{card.key}: {name}")
    assert missing == []


def test_every_template_field_is_a_param(builtin: Deck) -> None:
    for card in builtin.cards:
        if card.kind != "quiz":
            continue
        templates = [card.prompt.en, card.prompt.zh or "", card.code or ""]
        for template in templates:
            assert set(P.template_fields(template)) <= set(card.params), card.key


def test_every_verifier_and_sampler_function_exists(builtin: Deck) -> None:
    quiz = [c for c in builtin.cards if c.kind == "quiz"]
    if builtin.verifier_path is None:
        assert not quiz, "quiz cards need a verifier module"
        return
    module = load_module(builtin.verifier_path)
    assert missing_functions(builtin, module) == []
    for card in builtin.cards:
        if card.verifier:
            assert callable(getattr(module, card.verifier))


def test_loading_every_built_in_verifier_module_does_not_import_torch() -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from quizapp.core.deck_loader import load_deck\n"
        "from quizapp.verify.loader import load_module\n"
        "paths = sys.argv[1:]\n"
        "loaded = [load_module(d.verifier_path) for d in map(load_deck, map(Path, paths))\n"
        "          if d.verifier_path]\n"
        "assert loaded, 'no verifier modules found'\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'torch')\n"
        "assert not heavy, heavy[:5]\n"
        "print(len(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *map(str, BUILTIN)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) >= 1


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The imports a file runs as it loads: everywhere but inside functions."""
    found, stack = [], list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            stack.extend(ast.iter_child_nodes(node))
    return found


def test_no_verifier_file_imports_torch_at_module_level(builtin: Deck) -> None:
    assert builtin.verifier_path is not None
    files = source_files(builtin.verifier_path)
    if builtin.verifier_path.is_dir():
        assert builtin.verifier_path / "__init__.py" in files
    for path in files:
        for node in _module_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.split(".")[0] == "torch" for n in names), (path, node.lineno)


# ------------------------------------------------------------------ what each built-in promises

# Each built-in deck's title and the fewest quiz and flash cards it may hold.
PROMISES = {
    "autograd": (Text("Autograd", "自动求导"), 8, 4),
    "conv": (Text("Convolution and pooling", "卷积与池化"), 10, 6),
    "init": (Text("Weight initialization", "权重初始化"), 10, 6),
    "losses": (Text("Loss functions", "损失函数"), 10, 6),
    "metrics": (Text("Metrics", "评估指标"), 10, 6),
    "normalization": (Text("Normalization", "归一化"), 8, 4),
    "optim": (Text("Optimizers and LR schedules", "优化器与学习率调度"), 10, 6),
    "tensors": (Text("Tensors", "张量"), 18, 4),
    "modules": (Text("Building models", "构建模型"), 12, 6),
    "training": (Text("Training loop", "训练循环"), 12, 6),
    "data": (Text("Data pipeline", "数据加载"), 12, 6),
    "rnn": (Text("Recurrent layers", "循环神经网络层"), 10, 5),
}
COUNTS = ["tp", "fp", "fn", "tn"]
# Cards the docs and the verifier tests rely on: exactly these params, in order, and answer type.
REQUIRED: dict[str, dict[str, tuple[list[str], str]]] = {
    "conv": {
        "conv2d-output-shape": (["N", "C_in", "H", "W", "C_out", "kernel_size", "stride",
                                 "padding", "dilation"], "shape"),
        "conv2d-param-count": (["C_in", "C_out", "kernel_size", "groups", "bias"], "int"),
    },
    "losses": {
        "bce-with-logits": (["logits", "targets", "pos_weight", "reduction"], "number"),
        "cross-entropy": (["logits", "targets", "label_smoothing", "reduction"], "number"),
        "margin-ranking": (["x1", "x2", "y", "margin", "reduction"], "number"),
        "hinge-embedding": (["x", "y", "margin", "reduction"], "number"),
        "cosine-embedding": (["x1", "x2", "y", "margin", "reduction"], "number"),
        "poisson-nll": (["input", "target", "log_input", "full", "reduction"], "number"),
    },
    "tensors": {
        "clamp-values": (["values", "min", "max"], "tensor"),
        "matrix-norm": (["matrix", "ord"], "number"),
        "linspace-value": (["start", "end", "steps", "index"], "number"),
        "arange-length": (["start", "end", "step"], "int"),
        "std-value": (["values", "correction"], "number"),
    },
    "modules": {
        "mlp-param-count": (["sizes", "bias"], "int"),
        "linear-output-shape": (["input_shape", "out_features"], "shape"),
        "state-dict-entries": (["depth", "width", "bias", "bn"], "int"),
    },
    "data": {
        "dataloader-len": (["N", "batch_size", "drop_last"], "int"),
        "last-batch-size": (["N", "batch_size", "drop_last"], "int"),
        "epoch-iterations": (["N", "batch_size", "drop_last", "epochs"], "int"),
        "random-split-lengths": (["N", "fractions"], "shape"),
        "pad-values": (["values", "left", "right", "mode"], "tensor"),
    },
    "training": {
        "dropout-train-value": (["p", "n"], "number"),  # applied to torch.ones(n)
        "activation-value": (["fn", "x"], "number"),
        "activation-grad": (["fn", "x"], "number"),
        "clip-grad-norm": (["grads", "max_norm", "norm_type"], "number"),
        "clip-grad-norm-after": (["grads", "max_norm", "norm_type", "index"], "number"),
        "reduce-lr-on-plateau": (["lr", "factor", "patience", "losses"], "number"),
    },
    "rnn": {
        "output-shape": (["mode", "seq_len", "batch", "input_size", "hidden_size",
                          "num_layers", "bidirectional", "batch_first"], "shape"),
        "hidden-shape": (["mode", "seq_len", "batch", "input_size", "hidden_size",
                          "num_layers", "bidirectional", "batch_first"], "shape"),
        "param-count": (["mode", "input_size", "hidden_size", "num_layers", "bidirectional",
                         "bias"], "int"),
    },
    "metrics": {
        "roc-auc": (["scores", "labels"], "number"),
        **{cid: (COUNTS, "number") for cid in ("f1", "precision", "recall", "accuracy")},
    },
    "optim": {
        "adam-step": (["theta", "grads", "lr", "beta1", "beta2", "eps", "weight_decay"],
                      "number"),
        "sgd-momentum-step": (["theta", "grads", "lr", "momentum", "dampening", "nesterov",
                               "weight_decay"], "number"),
        "step-lr": (["lr", "step_size", "gamma", "epoch"], "number"),
        "cosine-annealing-lr": (["lr", "T_max", "eta_min", "epoch"], "number"),
        "lambda-lr": (["lr", "factor", "epoch"], "number"),
    },
}


def test_every_built_in_deck_keeps_its_promises(builtin: Deck) -> None:
    title, quiz, flash = PROMISES[builtin.name]
    assert builtin.title == title
    assert builtin.source == ROOT / "cards" / f"{builtin.name}.yaml"
    assert builtin.verifier_path == ROOT / "verifiers" / builtin.name
    kinds = [card.kind for card in builtin.cards]
    assert kinds.count("quiz") >= quiz and kinds.count("flash") >= flash


def test_required_cards_have_exactly_their_params(builtin: Deck) -> None:
    """The parameters a learner (or --param) sets; display text a derive hook fills from
    them (declared `null`) is not one of them."""
    for card_id, (params, answer) in REQUIRED.get(builtin.name, {}).items():
        card = builtin.card(card_id)
        given = [name for name, spec in card.params.items()
                 if not (isinstance(spec, P.Const) and spec.value is None)]
        assert (given, card.answer) == (params, answer), card.key


def test_quiz_cards_explain_and_flash_claims_are_checked(builtin: Deck) -> None:
    for card in builtin.cards:
        if card.kind == "quiz":
            assert card.explain is not None, f"{card.key}: no explanation"
        else:
            assert card.verifier, f"{card.key}: the flash card's claim is never checked"
        if card.explain is not None:
            assert CJK.search(card.explain.get("zh")), f"{card.key}: no Chinese explanation"


# ------------------------------------------------------------------ broken decks

GOOD_HEAD = "name: broken\ntitle: {en: Broken, zh: 坏}\nverifier: check.py\ncards:\n"
QUIZ = """\
  - id: {id}
    kind: quiz
    prompt: "{prompt}"
    params:
      x: {{int: [1, 9]}}
    answer: int
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str, verifier: str = "def double(p, device):\n    return 2, 'x'\n") -> Path:
        (tmp_path / "check.py").write_text(verifier, encoding="utf-8")
        path = tmp_path / "broken.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _errors(path: Path) -> list[str]:
    with pytest.raises(DeckError) as info:
        load_deck(path)
    assert info.value.errors and str(info.value) == "\n".join(info.value.errors)
    return info.value.errors


def test_a_good_deck_in_a_tmp_file_loads(deck_file: Callable[[str], Path]) -> None:
    deck = load_deck(deck_file(GOOD_HEAD + QUIZ.format(id="double", prompt="Twice {x}?")))
    card = deck.card("double")
    assert card.key == "broken/double" and card.verifier == "double" and card.line == 5


def test_malformed_yaml_reports_file_line_column(deck_file: Callable[[str], Path]) -> None:
    text = GOOD_HEAD + QUIZ.format(id="a", prompt="A {x}") + "  - id: b\n   kind: [flash\n"
    path = deck_file(text)
    [error] = _errors(path)
    match = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): ", error)
    assert match, error
    assert 11 <= int(match.group(1)) <= 12  # the bad indentation is on line 11


def test_unclosed_bracket_points_at_its_line(deck_file: Callable[[str], Path]) -> None:
    path = deck_file("name: x\ntitle: t\ncards: [\n  {id: a, kind: flash\n")
    [error] = _errors(path)
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", error), error


def test_schema_errors_are_all_reported_at_once_with_paths_and_lines(
    deck_file: Callable[[str], Path],
) -> None:
    text = (
        GOOD_HEAD
        + QUIZ.format(id="fine", prompt="ok {x}")  # lines 5-10
        + "  - id: no-answer\n    kind: quiz\n    prompt: p\n"  # 11-13
        + "  - id: bad-kind\n    kind: quizz\n    front: f\n"  # 14-16
        + "  - id: typo\n    kind: flash\n    front: f\n    back: b\n    bakc: c\n"  # 17-21
        + "  - id: Not_A_Slug\n    kind: flash\n    front: f\n    back: b\n"  # 22-25
    )
    path = deck_file(text)
    errors = _errors(path)
    joined = "\n".join(errors)
    expected = {
        "cards[1].answer": (11, "required field is missing"),
        "cards[2]": (14, "kind must be 'quiz' or 'flash'"),
        "cards[3].bakc": (21, "unknown field"),
        "cards[4].id": (22, None),
    }
    for where, (line, message) in expected.items():
        found = [e for e in errors if f": {where}: " in e]
        assert found, f"{where} missing from:\n{joined}"
        assert found[0].startswith(f"{path}:{line}:"), found[0]
        if message:
            assert message in found[0]
    assert "cards[0]" not in joined
    lines = [int(e.split(":")[1]) for e in errors]
    assert lines == sorted(lines)  # in file order


def test_deck_level_schema_errors(deck_file: Callable[[str], Path]) -> None:
    errors = _errors(deck_file("name: Bad Name\ncolour: red\ncards: []\n"))
    joined = "\n".join(errors)
    for where in ("name", "title", "colour", "cards"):
        assert f": {where}: " in joined, joined


@pytest.mark.parametrize("text", ["", "- just\n- a list\n", "42\n"])
def test_not_a_mapping(deck_file: Callable[[str], Path], text: str) -> None:
    [error] = _errors(deck_file(text))
    assert "mapping" in error


def test_duplicate_ids(deck_file: Callable[[str], Path]) -> None:
    text = GOOD_HEAD + QUIZ.format(id="twin", prompt="{x}") + QUIZ.format(id="twin", prompt="{x}")
    path = deck_file(text)
    [error] = _errors(path)
    assert error.startswith(f"{path}:11:") and "duplicate card id 'twin'" in error


def test_template_naming_an_unknown_param(deck_file: Callable[[str], Path]) -> None:
    text = GOOD_HEAD + QUIZ.format(id="t", prompt="{x} and {y}") + "    code: f({z}, {{x}})\n"
    errors = _errors(deck_file(text))
    joined = "\n".join(errors)
    assert "unknown param 'y'" in joined and "unknown param 'z'" in joined
    assert "unknown param 'x'" not in joined
    assert all(re.search(r":\d+:\d+: cards\[0\]\.(prompt|code): ", e) for e in errors), errors


def test_malformed_template_braces(deck_file: Callable[[str], Path]) -> None:
    errors = _errors(deck_file(GOOD_HEAD + QUIZ.format(id="t", prompt="{x:3}")))
    assert "malformed template" in errors[0]


def test_bad_param_spec_and_bad_length_reference(deck_file: Callable[[str], Path]) -> None:
    text = GOOD_HEAD + QUIZ.format(id="t", prompt="{x}") + (
        "  - id: u\n    kind: quiz\n    prompt: p\n    answer: int\n    params:\n"
        "      xs: {list: {int: [0, 1]}, length: n}\n      n: {int: [9, 1]}\n"
    )
    joined = "\n".join(_errors(deck_file(text)))
    assert "cards[1].params.xs" in joined and "length refers to 'n'" in joined
    assert "cards[1].params.n" in joined and "empty" in joined


def test_unknown_verifier_function(deck_file: Callable[[str], Path]) -> None:
    text = GOOD_HEAD + QUIZ.format(id="double", prompt="{x}") + QUIZ.format(id="triple",
                                                                         prompt="{x}")
    deck = load_deck(deck_file(text))
    assert deck.verifier_path is not None
    problems = missing_functions(deck, load_module(deck.verifier_path))
    assert len(problems) == 1
    assert problems[0].startswith(f"{deck.source}:11: broken/triple: verifier function 'triple'")


def test_missing_verifier_module_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(GOOD_HEAD + QUIZ.format(id="a", prompt="{x}"), encoding="utf-8")
    [error] = _errors(path)
    assert "check.py not found" in error


def test_verifier_module_that_fails_to_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("raise RuntimeError('nope')\n", encoding="utf-8")
    with pytest.raises(VerifierLoadError, match="import failed: RuntimeError: nope"):
        load_module(bad)


def test_python_object_tags_are_refused_and_never_run(deck_file: Callable[[str], Path],
                                                      tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"name: !!python/object/apply:os.mkdir ['{marker}']\ntitle: t\ncards: [1]\n"
    path = deck_file(text)
    [error] = _errors(path)
    assert error.startswith(f"{path}:1:")
    assert "constructs Python objects" in error
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly(deck_file: Callable[[str], Path]) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = deck_file("\n".join(lines) + "\nname: x\ntitle: t\ncards: *a9\n")
    start = time.perf_counter()
    [error] = _errors(path)
    assert time.perf_counter() - start < 10  # expanded, this is 9**10 strings
    assert "alias bomb" in error and error.startswith(f"{path}:")


def test_a_20_mb_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("name: huge\ntitle: t\ncards:\n")
        line = "  - {id: c, kind: flash, front: f, back: b}\n"
        handle.write(line * (20_000_000 // len(line)))
    [error] = _errors(path)
    assert error.startswith(f"{path}: ") and "MB" in error


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes("name: caf\xe9\n".encode("latin-1"))
    [error] = _errors(path)
    assert "UTF-8" in error


def test_missing_file(tmp_path: Path) -> None:
    [error] = _errors(tmp_path / "nope.yaml")
    assert error.startswith(str(tmp_path / "nope.yaml"))
