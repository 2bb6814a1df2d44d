"""The settings a learner can save, the values each takes (None: a whole number), defaults."""

from __future__ import annotations

from quizapp.core.i18n import LANGUAGES

CHOICES: dict[str, tuple[tuple[str, ...] | None, str]] = {
    "lang": (LANGUAGES, "en"),
    "theme": (("dark", "light"), "dark"),
    "new_per_day": (None, "20"),
}
