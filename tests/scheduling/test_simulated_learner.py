"""The shipped simulated learner: the file is what data/simulate.py makes, the optimizer
recovers the memory model that generated it, and `scheduler evaluate` ranks FSRS first.

The two fitting tests take about 70 and 100 seconds on two cores (py-fsrs's optimizer
costs some 3.5 ms per review); they are marked slow and still run in `make test`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from quizapp.core import backtest
from quizapp.core.fsrs_model import FsrsConfig
from quizapp.core.recall_metrics import metrics
from quizapp.services.evaluation import file_reviews
from tests.conftest import Outcome
from tests.scheduling.conftest import SIMULATED_LOG

TOLERANCE = 0.02  # the fitted model's log loss within 2% of the true model's


def test_the_shipped_log_is_what_the_simulator_makes(simulator: ModuleType,
                                                     tmp_path: Path) -> None:
    reviews = simulator.simulate()
    fresh = tmp_path / "simulated-learner.csv"
    simulator.write_csv(reviews, fresh)
    assert fresh.read_bytes() == SIMULATED_LOG.read_bytes(), "run data/simulate.py again"
    description = json.loads(SIMULATED_LOG.with_suffix(".json").read_text(encoding="utf-8"))
    assert description == json.loads(json.dumps(
        simulator.description(reviews, simulator.CARDS, simulator.DAYS, simulator.SEED)))
    assert 20_000 <= len(reviews) <= 30_000
    assert description["parameters"] != list(FsrsConfig.default().parameters)


@pytest.mark.slow
def test_fitting_recovers_the_generating_models_log_loss(simulator: ModuleType) -> None:
    from quizapp.services.fitting import fit

    reviews = file_reviews(SIMULATED_LOG)
    fitted = fit(reviews)
    assert not fitted.fell_back
    t = backtest.timeline(reviews)

    def loss(parameters: tuple[float, ...]) -> float:
        predicted = backtest.fsrs_predictions(t, FsrsConfig(parameters), t.predictable)
        return metrics(backtest.scored(t, predicted)).log_loss

    truth, ours = loss(simulator.true_parameters()), loss(fitted.parameters)
    assert abs(ours - truth) <= TOLERANCE * truth, (ours, truth)
    assert loss(FsrsConfig.default().parameters) > truth * (1 + TOLERANCE)  # not a free pass


@pytest.mark.slow
def test_evaluate_ranks_fitted_fsrs_ahead_of_sm2(
        quizapp_process: Callable[..., Outcome], simulator: ModuleType) -> None:
    shown = quizapp_process("scheduler", "evaluate", "--json", "--log", str(SIMULATED_LOG),
                            timeout=600)
    assert shown.code == 0, shown.output
    data = json.loads(shown.stdout)
    models = data["models"]
    assert models["fsrs_fitted"]["log_loss"] < models["fsrs_default"]["log_loss"]
    assert models["fsrs_default"]["log_loss"] < models["sm2"]["log_loss"]
    assert models["fsrs_fitted"]["rmse_bins"] < models["sm2"]["rmse_bins"]
    assert models["fsrs_fitted"]["fell_back_fits"] == 0
    assert data["reviews"] == len(SIMULATED_LOG.read_text(encoding="utf-8").splitlines()) - 1
    assert data["predicted"] == 3 * (data["predictable"] // 4) > 10_000
    # On the same predicted reviews the fitted model comes within 2% of the true one.
    t = backtest.timeline(file_reviews(SIMULATED_LOG))
    targets = [i for split in backtest.splits(t) for i in split.test]
    truth = metrics(backtest.scored(t, backtest.fsrs_predictions(
        t, FsrsConfig(simulator.true_parameters()), targets))).log_loss
    assert models["fsrs_fitted"]["log_loss"] <= truth * (1 + TOLERANCE)
