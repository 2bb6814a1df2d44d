"""What counts as English prose inside Chinese text: three or more English words in a row,
outside code, identifiers, quoted machine output and parameter lines."""

from __future__ import annotations

import re

from quizapp.core import i18n

WORD = r"[A-Za-z][a-z]+"
# Three or more English words in a row, separated by spaces or commas. Hyphenated slugs
# (slip ids) and dotted or underscored names are identifiers, not words.
RUN = re.compile(rf"(?<![\w.\-]){WORD}(?:'s)?(?:[ ,]+{WORD}(?:'s)?){{2,}}(?![\w(.\-])")
# A list of names separated by commas only (`start, stop, step`) is code, not a sentence.
NAMES = re.compile(rf"{WORD}(?:, ?{WORD})+")
# Code and machine text inside prose: `code`, "quoted" or 'quoted' text, a call with
# keyword arguments, and torch's own (English) error messages quoted in parentheses.
CODE = re.compile(r"`[^`]*`|\"[^\"]*\"|'[^']*'|\([^()]*=[^()]*\)|[(（][\x00-\x7f]*[)）]")


def english_runs(text: str) -> list[str]:
    kept = []
    for line in text.splitlines():
        if line.startswith(i18n._("params: ")):
            continue  # parameter names and values
        if line.startswith("    ") or re.match(r"^\s*(nn|torch|F|x|y|[a-z_]+)\s*[.=(]", line):
            continue  # a line of code
        if re.fullmatch(r"[\x00-\x7f]*", line) and not re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}",
                                                                  line):
            continue  # a formula, parameters, numbers
        kept.append(CODE.sub(" ", line))
    return [m.group() for line in kept for m in RUN.finditer(line)
            if not NAMES.fullmatch(m.group()) and not m.group().startswith(("True", "False"))]
