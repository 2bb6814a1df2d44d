"""Deck author code run in this process: samplers, derive hooks, verifiers and slips.

Only the verifier worker process uses this directly (quizapp.verify.worker): the app talks
to the worker, which runs this under a time and memory limit it cannot escape.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from quizapp.core import params as P
from quizapp.core.deck import Card, Deck
from quizapp.core.overrides import apply
from quizapp.verify import answers
from quizapp.verify.ceiling import Ceiling, TooLarge
from quizapp.verify.loader import VerifierLoadError, load_module, missing_functions
from quizapp.verify.results import Computed, Refused, VerifierError, plain


def _first_line(exc: BaseException) -> str:
    """An exception as one line: torch's messages can carry pages of C++ frames."""
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""


class LocalEngine:
    """Owns torch and the device in this process."""

    def __init__(self, device: str = "auto") -> None:
        self.requested = device
        self._lock = threading.Lock()
        self._torch: Any = None
        self._device: Any = None
        self._ceiling: Ceiling | None = None

    @property
    def ready(self) -> bool:
        return self._torch is not None

    def warm_up(self) -> None:
        """Import torch and pick the device (once)."""
        with self._lock:
            if self._torch is not None:
                return
            import torch

            # Answers are computed in float64 with TF32 off so CPU and CUDA agree.
            torch.backends.cuda.matmul.allow_tf32 = False
            torch.backends.cudnn.allow_tf32 = False
            # Verifier tensors are tiny: a pool of threads only adds hand-off latency.
            torch.set_num_threads(1)
            # The first optimizer built in a process imports torch._dynamo (and sympy): paid
            # here, at start, not inside a card's timed call.
            torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
            if self.requested == "auto":
                name = "cuda" if torch.cuda.is_available() else "cpu"
            else:
                name = self.requested
                if name.startswith("cuda") and not torch.cuda.is_available():
                    raise VerifierError("--device cuda was asked for, but no CUDA GPU is available")
            self._device = torch.device(name)
            self._ceiling = Ceiling()
            self._torch = torch

    @property
    def device_name(self) -> str:
        return str(self._device) if self._device is not None else ""

    def _call(self, what: str, fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
        """Run author code; whatever it raises (SystemExit included) is that card's error."""
        start = time.perf_counter()
        try:
            if self._ceiling is not None:
                with self._ceiling:
                    result = fn(*args)
            else:
                result = fn(*args)
        except TooLarge as exc:
            raise VerifierError(f"the {what} {exc}") from None
        except MemoryError:
            raise VerifierError(f"the {what} ran out of its memory limit") from None
        except BaseException as exc:  # the author's code: sys.exit too must not end us
            if type(exc).__name__ == "Invalid":
                raise Refused(_first_line(exc)) from None
            message = _first_line(exc)
            if "can't allocate memory" in message or "out of memory" in message:
                raise VerifierError(f"the {what} ran out of its memory limit") from None
            raise VerifierError(f"the {what} raised {type(exc).__name__}: {message}") from None
        return result, (time.perf_counter() - start) * 1000

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
            params = apply(card.params, plain(params), given)
        return self.derive(verifier, card, params)

    def derive(self, verifier: Path | None, card: Card, params: Mapping[str, Any]
               ) -> dict[str, Any]:
        """The params with the card's display-only ones (shown code) derived again from the
        rest, so the question shows exactly what the answer is computed from."""
        params = plain(params)
        if card.derive:
            assert verifier is not None
            fn = self._function(verifier, card.derive, "derive")
            params, _ = self._call("derive hook", fn, params)
            if not isinstance(params, dict):
                raise VerifierError("the derive function must return a dict of parameters")
            params = plain(params)
        for name, value in params.items():
            if why := P.bounded(value):
                raise VerifierError(f"parameter {name} is too large: {why}")
        return params

    def answer(self, verifier: Path, card: Card, params: Mapping[str, Any],
               with_slips: bool = True) -> Computed:
        """The canonical answer of `card` for `params` (and its known slips), or VerifierError."""
        self.warm_up()
        fn = self._function(verifier, card.verifier, "verifier")
        result, ms = self._call("verifier", fn, plain(params), self._device)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise VerifierError("the verifier must return (answer, explanation)")
        raw, explanation = result
        try:
            value = answers.normalize(card, raw)
            text = answers.text(explanation)
        except (TypeError, ValueError) as exc:
            raise VerifierError(f"the verifier returned an unusable answer: {exc}") from None
        slips = self.slips(verifier, card, params) if with_slips else ()
        return Computed(value, text, str(self._device), str(self._torch.__version__), ms, slips)

    def slips(self, verifier: Path, card: Card, params: Mapping[str, Any],
              strict: bool = False) -> tuple[Any, ...]:
        """The card's known slips for these params. A hint must never break grading, so a
        failing slips function gives none (`strict`, for deck validation, raises instead)."""
        if card.kind != "quiz" or not card.slips:
            return ()
        try:
            fn = self._function(verifier, card.slips, "slips")
            raw, _ = self._call("slips function", fn, plain(params))
            return answers.slips(card, raw)
        except (VerifierError, TypeError, ValueError) as exc:
            if strict:
                raise VerifierError(f"slips function {card.slips}: {exc}") from None
            return ()
