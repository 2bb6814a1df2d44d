"""New cards take turns between decks (conv first), each deck's cards in file order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from quizapp.core.deck_loader import load_deck
from quizapp.services.context import Settings, build_services
from quizapp.services.session import StudyRequest, StudySession

ROOT = Path(__file__).resolve().parents[2]


def test_a_new_learner_meets_every_deck_in_turn_starting_with_conv(tmp_path: Path) -> None:
    settings = Settings(db=str(tmp_path / "q.db"), custom_dir=tmp_path / "decks",
                        cache_dir=None)
    ctx = build_services(settings, clock=lambda: datetime(2026, 3, 18, 12))
    try:
        pending = list(StudySession(ctx, StudyRequest(seed=1)).queue.pending)
    finally:
        ctx.close()
    decks = sorted(p.stem for p in (ROOT / "cards").glob("*.yaml"))
    first_round = pending[: len(decks)]
    assert first_round[0].startswith("conv/")
    assert sorted(key.split("/")[0] for key in first_round) == decks
    conv_ids = [c.id for c in load_deck(ROOT / "cards" / "conv.yaml").cards]
    conv_seen = [key.split("/")[1] for key in pending if key.startswith("conv/")]
    assert conv_seen == conv_ids[: len(conv_seen)]
    assert len(pending) == 20  # the daily new-card limit
