"""Every footer fits one line of an 80-column terminal, in English and in Chinese: a key
that is cut off is a key nobody finds."""

from __future__ import annotations

import pytest

from quizapp.core.flow import FOOTER, Phase
from quizapp.core.i18n import N_, language, set_language
from quizapp.core.present import width
from quizapp.tui.screens import browser, class_report, home, stats, summary
from quizapp.tui.widgets.keybar import line

ROOM = 80 - 2  # the bar's padding
EXTRA = ("!", N_("last one was right"))  # the study footer's offer after a wrong answer
FOOTERS = {"home": home.KEYS, "browser": browser.KEYS, "stats": stats.KEYS,
           "class report": class_report.KEYS, "summary": summary.KEYS,
           **{f"study, {phase.name.lower()}": keys for phase, keys in FOOTER.items()},
           **{f"study, {phase.name.lower()} with !": (*FOOTER[phase][:-1], EXTRA,
                                                        FOOTER[phase][-1])
              for phase in (Phase.ANSWERING, Phase.FRONT)}}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("where", sorted(FOOTERS))
def test_the_footer_fits_80_columns(lang: str, where: str) -> None:
    before = language()
    set_language(lang)
    try:
        text = line(FOOTERS[where]).plain
    finally:
        set_language(before)
    assert width(text) <= ROOM, (where, lang, width(text), text)
