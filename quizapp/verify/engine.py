"""Runs verifier functions: lazy torch, device choice, float64 without TF32, a time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quizapp.core.deck import Card, Text
from quizapp.verify.answers import normalize


class VerifierError(Exception):
    """A verifier that failed, hung or returned garbage; shown for that card only."""


@dataclass(frozen=True)
class Computed:
    """The canonical answer of one question and how it was obtained."""

    value: Any
    explanation: Text
    device: str
    torch_version: str
    ms: float


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
            if self.requested == "auto":
                name = "cuda" if torch.cuda.is_available() else "cpu"
            else:
                name = self.requested
                if name.startswith("cuda") and not torch.cuda.is_available():
                    raise VerifierError("--device cuda was asked for, but no CUDA GPU is available")
            self._device = torch.device(name)
            self._torch = torch

    def _call(self, fn: Callable[..., Any], *args: Any) -> tuple[Any, float]:
        """Run fn in a daemon thread so a hung verifier is abandoned, not waited for."""
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
            raise VerifierError(f"the verifier ran past the {self.time_limit:g} s time limit")
        if "error" in box:
            exc = box["error"]
            raise VerifierError(f"the verifier raised {type(exc).__name__}: {exc}")
        return box["result"], box["ms"]

    def compute(self, card: Card, fn: Callable[..., Any], params: dict[str, Any]) -> Computed:
        """The canonical answer of `card` for `params`, or VerifierError."""
        self.warm_up()
        result, ms = self._call(fn, dict(params), self._device)
        if not (isinstance(result, tuple) and len(result) == 2):
            raise VerifierError("the verifier must return (answer, explanation)")
        raw, explanation = result
        try:
            value = normalize(card, raw)
            text = _text(explanation)
        except (TypeError, ValueError) as exc:
            raise VerifierError(f"the verifier returned an unusable answer: {exc}") from None
        return Computed(value, text, str(self._device), str(self._torch.__version__), ms)


def _text(explanation: Any) -> Text:
    if isinstance(explanation, str):
        return Text(explanation)
    if isinstance(explanation, dict) and isinstance(explanation.get("en"), str):
        return Text(explanation["en"], explanation.get("zh"))
    raise TypeError(f"explanation must be a string or {{en, zh}}, not {explanation!r:.60}")
