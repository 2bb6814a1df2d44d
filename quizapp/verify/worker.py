"""The verifier worker: a process of its own that runs all deck author code for the app.

    python -m quizapp.verify.worker --device auto --memory-mb 2048

Requests arrive on stdin, replies leave on a private copy of stdout (what author code
prints goes to stderr instead). torch is imported in the background as soon as the worker
starts, so sampling a first question never waits for it; once loaded, the address space
is capped (on the CPU) so that a runaway card fails with a message instead of swapping.
The app kills the worker at its time limit and starts a new one; this process ends when
its parent does.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import select
import signal
import sys
import threading
from typing import Any

from quizapp.core import i18n
from quizapp.core.errors import QuizappError
from quizapp.core.overrides import ParamError
from quizapp.verify import protocol
from quizapp.verify.local import LocalEngine
from quizapp.verify.results import Refused, VerifierError

IDLE_BEFORE_WARM_S = 0.2  # a first request sent with the start runs before torch loads

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the kernel kills this process when the app that started it is gone."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _vm_size() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _cap_memory(engine: LocalEngine, memory_mb: int) -> None:
    """RLIMIT_AS above what torch itself takes. Not on CUDA: its driver reserves far more
    address space than it uses, so there the app watches resident memory instead."""
    if engine.device_name != "cpu" or memory_mb <= 0:
        return
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = _vm_size() + memory_mb * 1024 * 1024
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


class Worker:
    def __init__(self, device: str, memory_mb: int) -> None:
        self.engine = LocalEngine(device)
        self.memory_mb = memory_mb
        self.warm_error: str | None = None
        self.warm_thread = threading.Thread(target=self._warm, daemon=True, name="torch")

    def warm_in_background(self) -> None:
        """Start importing torch, unless it is started already. Only while no request runs:
        importing torch holds the GIL, and a card's time limit is for the card's own code."""
        if self.warm_thread.ident is None:  # never started
            self.warm_thread.start()

    def _warm(self) -> None:
        try:
            self.engine.warm_up()
            _cap_memory(self.engine, self.memory_mb)
        except BaseException as exc:
            self.warm_error = f"{type(exc).__name__}: {exc}".splitlines()[0]

    def _torch(self) -> None:
        self.warm_in_background()
        self.warm_thread.join()
        if self.warm_error:
            raise VerifierError(self.warm_error)

    def handle(self, request: dict[str, Any]) -> Any:
        op, engine = request["op"], self.engine
        if request.get("lang") in i18n.LANGUAGES:  # messages in the app's language of the moment
            i18n.set_language(request["lang"])
        if op == "warm":
            self._torch()
            import torch

            with open("/proc/self/statm") as handle:
                rss = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            return {"device": engine.device_name, "torch_version": str(torch.__version__),
                    "rss": rss}
        if op == "sample":
            return engine.sample(request["verifier"], request["card"], request["seed"],
                                 request.get("given"))
        if op == "derive":
            return engine.derive(request["verifier"], request["card"], request["params"])
        if op == "answer":
            self._torch()
            # The slips are asked for separately: a failing hint must not fail the answer.
            return engine.answer(request["verifier"], request["card"], request["params"],
                                 with_slips=False).to_json()
        if op == "slips":
            self._torch()  # slips functions are pure Python, but may touch torch anyway
            slips = engine.slips(request["verifier"], request["card"], request["params"],
                                 strict=request.get("strict", False))
            return [[s.id, s.answer, {"en": s.why.en, "zh": s.why.zh}] for s in slips]
        if op == "missing":
            return engine.missing(request["verifier"], request["deck"])
        raise VerifierError(f"unknown request {op!r}")


def _reply(result: Any) -> dict[str, Any]:
    return {"ok": True, "result": result}


def _failure(exc: BaseException) -> dict[str, Any]:
    kind = ("param" if isinstance(exc, ParamError) else "refused" if isinstance(exc, Refused)
            else "error")
    message = str(exc) if isinstance(exc, QuizappError) else \
        f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    return {"ok": False, "kind": kind, "message": message}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="quizapp-verifier-worker")
    parser.add_argument("--device", default="auto")
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args(argv)
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the app's to handle
    replies = os.dup(1)
    os.dup2(2, 1)  # what author code prints must not be read as a reply
    sys.stdout = sys.stderr
    worker = Worker(args.device, args.memory_mb)
    protocol.send_reply(replies, _reply("ready"))  # requests are timed from here on
    while True:
        # torch loads while the worker is idle: at once unless a request is already waiting.
        if not select.select([0], [], [], IDLE_BEFORE_WARM_S)[0]:
            worker.warm_in_background()
        try:
            request = protocol.read_request(0)
        except (protocol.Closed, EOFError):
            os._exit(0)  # the app is gone; daemon threads need not be waited for
        try:
            reply = _reply(worker.handle(request))
        except BaseException as exc:
            reply = _failure(exc)
        try:
            protocol.send_reply(replies, reply)
        except protocol.Closed:
            os._exit(0)
        except (TypeError, ValueError) as exc:  # a result JSON cannot carry
            protocol.send_reply(replies, _failure(VerifierError(
                f"the verifier returned something that is not plain data: {exc}")))


if __name__ == "__main__":
    main()
