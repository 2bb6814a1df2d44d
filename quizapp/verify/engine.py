"""The app's side of the verifier worker: every piece of deck author code runs over there.

A call that runs past the time limit, or whose worker grows past the memory limit, kills
the worker; that card shows an error and the next call starts a fresh worker. A worker
that exits, is killed or crashes (a segfault) costs that one card, never the app.
Parameters cross as plain data, so nothing a verifier does can change what is logged.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import quizapp
from quizapp.core import i18n, limits
from quizapp.core.deck import Card, Deck
from quizapp.core.grading import KnownSlip
from quizapp.core.overrides import ParamError
from quizapp.verify import answers, protocol
from quizapp.verify.results import Computed, Refused, VerifierError, plain

START_LIMIT_S = 60.0  # a worker's interpreter starting on a loaded machine: not a card's time
WARM_LIMIT_S = 300.0  # importing torch on a loaded machine can take a while; it is not a card's
POLL_S = 0.05  # how often the worker's memory is looked at while it works
BASELINE_MB = 600  # a worker with torch loaded, before any card
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


def _death(code: int | None) -> str:
    if code is None:
        return "stopped answering"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"was killed by {name}" + (" (a crash in native code)" if -code in {
            signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL} else "")
    return f"exited with status {code}"


class VerifierEngine:
    """Talks to the worker; one request at a time, safe to call from any thread."""

    def __init__(self, device: str = "auto", time_limit: float | None = None,
                 memory_mb: int | None = None) -> None:
        if device not in {"auto", "cpu", "cuda"} and not device.startswith("cuda:"):
            raise ValueError(f"device must be auto, cpu or cuda, not '{device}'")
        self.requested = device
        self.time_limit = time_limit if time_limit is not None else limits.time_limit()
        self.memory_mb = memory_mb if memory_mb is not None else limits.worker_memory_mb()
        self._lock = threading.RLock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._started = False
        self._warm: dict[str, Any] | None = None  # the worker's warm reply: device, version

    # -- the worker process --------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """torch is loaded in a running worker."""
        return self._warm is not None and self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.poll() is None else None

    def start(self) -> None:
        """Start a worker if none runs (returns at once; torch loads over there)."""
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                return
            root = str(Path(quizapp.__file__).resolve().parent.parent)
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(
                filter(None, [root, os.environ.get("PYTHONPATH")])),
                "OMP_NUM_THREADS": "1"}
            self._warm = None
            self._started = False  # until the worker says it is up
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "quizapp.verify.worker", "--device", self.requested,
                 "--memory-mb", str(self.memory_mb)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env, start_new_session=True,  # Ctrl-C in the terminal is the app's
            )

    def close(self) -> None:
        with self._lock:
            self._kill()

    def _kill(self) -> None:
        proc, self._proc, self._warm = self._proc, None, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc is not None:
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()

    def _restart(self) -> None:
        """Kill a worker that misbehaved and start the next one now: it loads torch while
        the learner reads the error, so the next card does not wait for it."""
        self._kill()
        self.start()

    def __del__(self) -> None:
        proc = getattr(self, "_proc", None)
        if proc is not None and proc.poll() is None:
            proc.kill()

    # -- requests ------------------------------------------------------------------------

    def _request(self, what: str, request: dict[str, Any], limit: float) -> Any:
        with self._lock:
            self.start()
            proc = self._proc
            assert proc is not None and proc.stdin is not None and proc.stdout is not None
            try:
                if not self._started:
                    self._await_start(proc)
                protocol.send_request(proc.stdin.fileno(), {**request, "lang": i18n.language()})
                frame = self._wait(proc, what, limit)
            except protocol.Closed:
                code = proc.wait()
                self._restart()
                raise VerifierError(f"the verifier process {_death(code)} while running the "
                                    f"{what}; it is restarted") from None
            except ValueError:  # its first words were not "ready"
                self._kill()
                raise VerifierError("the verifier process sent garbage; it is restarted") \
                    from None
            try:
                reply = protocol.decode_reply(frame)
            except ValueError:
                self._kill()
                raise VerifierError("the verifier process sent garbage; it is restarted") \
                    from None
        if reply.get("ok"):
            return reply.get("result")
        message = str(reply.get("message", "failed"))[:400]
        kind = reply.get("kind")
        if kind == "param":
            raise ParamError(message)
        if kind == "refused":
            raise Refused(message)
        raise VerifierError(message)

    def _await_start(self, proc: subprocess.Popen[bytes]) -> None:
        """Wait for the worker's "ready", so that a card's time limit counts the card's code
        only, not the start of a Python interpreter on a busy machine."""
        reply = protocol.decode_reply(self._wait(proc, "verifier process start", START_LIMIT_S))
        if reply.get("result") != "ready":
            raise ValueError(reply)
        self._started = True

    def _wait(self, proc: subprocess.Popen[bytes], what: str, limit: float) -> bytes:
        """The reply, waiting at most `limit` seconds and watching the worker's memory."""
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + limit
        # Before torch is loaded the worker's own size is not known yet: assume torch's.
        baseline = (self._warm or {}).get("rss", BASELINE_MB * 1024 * 1024)
        ceiling = baseline + self.memory_mb * 1024 * 1024
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._restart()
                raise VerifierError(f"the {what} ran past the {limit:g} s time limit; it was "
                                    "stopped")
            ready, _, _ = select.select([fd], [], [], min(left, POLL_S))
            if ready:
                return protocol.read_frame(fd)
            if _rss(proc.pid) > ceiling:
                self._restart()
                raise VerifierError(f"the {what} used more than its {self.memory_mb} MB "
                                    "memory limit; it was stopped")

    def warm_up(self) -> None:
        """Wait until the worker has torch loaded (the study screen asks in the background)."""
        with self._lock:
            if self.ready:
                return
            self._warm = None
            self._warm = self._request("loading PyTorch", {"op": "warm"}, WARM_LIMIT_S)

    # -- what the card runner asks ---------------------------------------------------------

    def missing(self, verifier: Path, deck: Deck) -> list[str]:
        """Every function the deck's cards name that its verifier lacks ('file:line: ...')."""
        found = self._request("verifier import", {"op": "missing", "verifier": verifier,
                                                  "deck": deck}, self.time_limit)
        return [str(line)[:400] for line in found or []]

    def sample(self, verifier: Path | None, card: Card, seed: int,
               given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The card's parameters for `seed`: drawn from its specs, passed through its sampler,
        overlaid with `given` (checked against the specs: ParamError), then its derive hook."""
        params = self._request("sampler", {"op": "sample", "verifier": verifier, "card": card,
                                           "seed": seed, "given": dict(given or {})},
                               self.time_limit)
        return plain(params)

    def derive(self, verifier: Path | None, card: Card, params: Mapping[str, Any]
               ) -> dict[str, Any]:
        """The params with the display-only ones derived again from the rest."""
        if not card.derive:
            return plain(params)
        return plain(self._request("derive hook", {"op": "derive", "verifier": verifier,
                                                   "card": card, "params": plain(params)},
                                   self.time_limit))

    def answer(self, verifier: Path, card: Card, params: Mapping[str, Any]) -> Computed:
        """The canonical answer of `card` for `params` (and its known slips), or VerifierError."""
        self.warm_up()
        data = self._request("verifier", {"op": "answer", "verifier": verifier, "card": card,
                                          "params": plain(params)}, self.time_limit)
        computed = Computed.from_json(card, data)
        try:
            slips = self.slips(verifier, card, params)
        except VerifierError:
            slips = ()  # a hint must never break grading: no hint, then
        return replace(computed, slips=slips)

    def slips(self, verifier: Path, card: Card, params: Mapping[str, Any],
              strict: bool = False) -> tuple[KnownSlip, ...]:
        if card.kind != "quiz" or not card.slips:
            return ()
        self.warm_up()
        try:
            raw = self._request("slips function", {"op": "slips", "verifier": verifier,
                                                   "card": card, "params": plain(params),
                                                   "strict": strict}, self.time_limit)
            return answers.slips(card, raw)
        except (TypeError, ValueError) as exc:
            raise VerifierError(f"slips function {card.slips}: {exc}") from None


__all__ = ["Computed", "ParamError", "Refused", "VerifierEngine", "VerifierError"]
