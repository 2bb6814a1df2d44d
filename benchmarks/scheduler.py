"""FSRS-6 at scale: fitting (what `scheduler optimize` does) and `scheduler evaluate` (JSON).

The logs come from data/simulate.py, the learner of data/simulated-learner.csv with more
cards: the first N reviews in time order. py-fsrs's optimizer walks every review in
Python, five epochs, so both costs grow linearly with the log; evaluate's fits see
1/4 + 2/4 + 3/4 of the log with the default 3 splits, about 1.5 times one full fit.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from quizapp.core import fsrs_model
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.services import evaluation, fitting

ROOT = Path(__file__).resolve().parents[1]
REVIEWS_PER_CARD = 20.5  # the simulated learner's year, measured on the shipped log
# What the estimate in issue 13 said py-fsrs costs on a 2-core machine: 70 s for 20k.
ESTIMATE_MS_PER_REVIEW = 3.6


def simulator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("quizapp_simulate", ROOT / "data/simulate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["quizapp_simulate"] = module
    spec.loader.exec_module(module)
    return module


def timed(size: int, sim: ModuleType, evaluate: bool) -> dict[str, Any]:
    cards = int(size / REVIEWS_PER_CARD * 1.1) + 1  # a little over, then cut to `size`
    reviews = sim.training(sim.simulate(cards=cards))[:size]
    started = time.perf_counter()
    fit = fitting.fit(reviews)
    fit_s = time.perf_counter() - started
    # `optimize` then replays every card with the new parameters.
    config = FsrsConfig(fit.parameters)
    by_card: dict[int, list[tuple[Any, int]]] = {}
    for r in reviews:
        by_card.setdefault(r.card, []).append((r.at, r.rating))
    started = time.perf_counter()
    for history in by_card.values():
        fsrs_model.replay(config, history)
    replay_s = time.perf_counter() - started
    out: dict[str, Any] = {
        "reviews": len(reviews), "cards": len(by_card), "counted_by_optimizer": fit.reviews,
        "fit_s": round(fit_s, 1), "fit_ms_per_review": round(fit_s * 1000 / len(reviews), 2),
        "replay_states_s": round(replay_s, 2),
    }
    if evaluate:
        started = time.perf_counter()
        report = evaluation.evaluate(reviews, "benchmark")
        evaluate_s = time.perf_counter() - started
        out |= {"evaluate_s": round(evaluate_s, 1), "evaluate_over_fit": round(
                    evaluate_s / fit_s, 2), "evaluate_predicted": report.predicted,
                "evaluate_log_loss": {k: round(m.log_loss, 4) for k, m in report.models.items()}}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--evaluate-up-to", type=int, default=100_000, metavar="N",
                        help="time evaluate only on logs of at most N reviews")
    args = parser.parse_args()
    sim = simulator()
    runs = [timed(size, sim, size <= args.evaluate_up_to) for size in args.sizes]
    per_review = [r["fit_ms_per_review"] for r in runs]
    result = {
        "runs": runs,
        "compared_to": {"estimate_fit_ms_per_review": ESTIMATE_MS_PER_REVIEW,
                        "measured_fit_ms_per_review": per_review},
        "linear": max(per_review) <= 1.5 * min(per_review),
        "cpus": os.cpu_count(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
