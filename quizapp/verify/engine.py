"""Runs deck author code: samplers, derive hooks, verifiers and slips, on lazily loaded torch."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.core import params as P
from quizapp.core.deck import Card, Deck, Text
from quizapp.core.errors import QuizappError
from quizapp.core.grading import KnownSlip
from quizapp.core.overrides import ParamError, apply
from quizapp.verify import answers
from quizapp.verify.loader import VerifierLoadError, load_module, missing_functions


class VerifierError(QuizappError):
    """Author code that failed, hung or returned garbage; shown for that card only."""


class Refused(VerifierError):
    """The verifier refused these parameters (authoring.Invalid): they have no answer."""


@dataclass(frozen=True)
class Computed:
    """The canonical answer of one question and how it was obtained."""

    value: Any
    explanation: Text
    device: str
    torch_version: str
    ms: float
    slips: tuple[KnownSlip, ...] = ()


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters by value, as JSON carries them: what the log records is what was asked."""
    try:
        return dict(json.loads(json.dumps(dict(params), allow_nan=False)))
    except (TypeError, ValueError) as exc:
        raise VerifierError(f"the parameters are not plain values: {exc}") from None


class VerifierEngine:
    """Owns the torch import and the device; safe to call from worker threads."""

    def __init__(self, device: str = "auto", time_limit: float = 10.0) -> None:
        if device not in {"auto", "cpu", "cuda"} and not device.startswith("cuda:"):
            raise ValueError(f"device must be auto, cpu or cuda, not '{device}'")
        self.requested = device
        self.time_limit = time_limit
        self._lock = threading.Lock()
        self._torch: Any = None
        self._device: Any = None

    @property
    def ready(self) -> bool:
        return self._torch is not None

    def warm_up(self) -> None:
        """Import torch and pick the device; the study screen calls this in the background."""
        with self._lock:
            if self._torch is not None:
                return
            import torch

            # Answers are computed in float64 with TF32 off so CPU and CUDA agree.
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
            # Verifier tensors are tiny: a pool of threads only adds hand-off latency and
            # competes with the UI thread on small machines.
            torch.set_num_threads(1)
            # The first optimizer built in a process imports torch._dynamo (and sympy): ~1 s
            # on a quiet machine, many on a busy one. Paid here, in the background, not
            # inside a card's timed call.
            torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            if self.requested == "auto":
                name = "cuda" if torch.cuda.is_available() else "cpu"
            else:
                name = self.requested
                if name.startswith("cuda") and not torch.cuda.is_available():
                    raise VerifierError("--device cuda was asked for, but no CUDA GPU is available")
            self._device = torch.device(name)
            self._torch = torch

    def _call(self, what: str, fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
        """Run author code in a daemon thread so a hung call is abandoned, not waited for."""
        box: dict[str, Any] = {}

        def run() -> None:
            start = time.perf_counter()
            try:
                box["result"] = fn(*args)
            except BaseException as exc:
                box["error"] = exc
            box["ms"] = (time.perf_counter() - start) * 1000

        worker = threading.Thread(target=run, daemon=True, name="quizapp-verifier")
        worker.start()
        worker.join(self.time_limit)
        if worker.is_alive():
            raise VerifierError(f"the {what} ran past the {self.time_limit:g} s time limit")
        if "error" in box:
            exc = box["error"]
            if type(exc).__name__ == "Invalid":
                raise Refused(str(exc))
            raise VerifierError(f"the {what} raised {type(exc).__name__}: {exc}"[:300])
        return box["result"], box["ms"]

    def _function(self, verifier: Path, name: str | None, role: str) -> Callable[..., Any]:
        try:
            module = load_module(verifier)
        except VerifierLoadError as exc:
            raise VerifierError(str(exc)) from None
        fn = getattr(module, name or "", None)
        if not callable(fn):
            raise VerifierError(f"the deck's verifier has no {role} function '{name}'")
        return fn

    def missing(self, verifier: Path, deck: Deck) -> list[str]:
        """Every function the deck's cards name that its verifier lacks ('file:line: ...')."""
        try:
            return missing_functions(deck, load_module(verifier))
        except VerifierLoadError as exc:
            return [str(exc)]

    def sample(self, verifier: Path | None, card: Card, seed: int,
               given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The card's parameters for `seed`: drawn from its specs, passed through its sampler,
        overlaid with `given` (checked against the specs: ParamError), then its derive hook."""
        try:
            params, rng = P.draw(card.params, seed)
        except (P.SpecError, KeyError, ValueError) as exc:
            raise VerifierError(f"sampling failed: {exc}") from None
        if card.sampler:
            assert verifier is not None
            fn = self._function(verifier, card.sampler, "sampler")
            params, _ = self._call("sampler", fn, params, rng)
            if not isinstance(params, dict):
                raise VerifierError("the sample function must return a dict of parameters")
        if given:
            params = apply(card.params, params, given)
        return self.derive(verifier, card, params)

    def derive(self, verifier: Path | None, card: Card, params: Mapping[str, Any]
               ) -> dict[str, Any]:
        """The params with the card's display-only ones (shown code) derived again from the
        rest, so the question shows exactly what the answer is computed from."""
        params = _plain(params)
        if card.derive:
            assert verifier is not None
            fn = self._function(verifier, card.derive, "derive")
            params, _ = self._call("derive hook", fn, params)
            if not isinstance(params, dict):
                raise VerifierError("the derive function must return a dict of parameters")
            params = _plain(params)
        for name, value in params.items():
            if why := P.bounded(value):
                raise VerifierError(f"parameter {name} is too large: {why}")
        return params

    def answer(self, verifier: Path, card: Card, params: Mapping[str, Any]) -> Computed:
        """The canonical answer of `card` for `params` (and its known slips), or VerifierError."""
        self.warm_up()
        fn = self._function(verifier, card.verifier, "verifier")
        result, ms = self._call("verifier", fn, _plain(params), self._device)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise VerifierError("the verifier must return (answer, explanation)")
        raw, explanation = result
        try:
            value = answers.normalize(card, raw)
            text = answers.text(explanation)
        except (TypeError, ValueError) as exc:
            raise VerifierError(f"the verifier returned an unusable answer: {exc}") from None
        return Computed(value, text, str(self._device), str(self._torch.__version__), ms,
                        self.slips(verifier, card, params))

    def slips(self, verifier: Path, card: Card, params: Mapping[str, Any],
              strict: bool = False) -> tuple[KnownSlip, ...]:
        """The card's known slips for these params. A hint must never break grading, so a
        failing slips function gives none (`strict`, for deck validation, raises instead)."""
        if card.kind != "quiz" or not card.slips:
            return ()
        try:
            fn = self._function(verifier, card.slips, "slips")
            raw, _ = self._call("slips function", fn, _plain(params))
            return answers.slips(card, raw)
        except (VerifierError, TypeError, ValueError) as exc:
            if strict:
                raise VerifierError(f"slips function {card.slips}: {exc}") from None
            return ()


__all__ = ["Computed", "ParamError", "Refused", "VerifierEngine", "VerifierError"]
