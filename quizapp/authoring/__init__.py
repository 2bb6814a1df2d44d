"""The deck author's kit: what every verifier imports, built-in and custom decks alike.

    from quizapp.authoring import bi, f64, num, Slip, require

Verifiers: `fn(p, device) -> (answer, bi(en, zh))`; samplers: `fn(p, rng) -> p`; derive
hooks: `fn(p) -> p` (display text from the other params, run again after --param); slips
functions: `fn(p) -> [Slip]`. Nothing here imports torch at import time.
"""

from quizapp.authoring.numbers import factor, num, poly, short, term, total, vec
from quizapp.authoring.results import Invalid, Params, Result, require, steps
from quizapp.authoring.sampling import decimals, fit, prob_row, redraw, sizes
from quizapp.authoring.slips import Slip, differing, finite
from quizapp.authoring.tensors import (
    as_list,
    count_params,
    default_dtype,
    f64,
    layer,
    ones,
    quiet,
    randn,
    shape_of,
    value,
    zeros,
)
from quizapp.authoring.text import Explain, bi, join, plural, same

__all__ = [
    "Explain", "Invalid", "Params", "Result", "Slip", "as_list", "bi", "count_params",
    "decimals", "default_dtype", "differing", "f64", "factor", "finite", "fit", "join",
    "layer", "num", "ones", "plural", "poly", "prob_row", "quiet", "randn", "redraw",
    "require", "same", "shape_of", "short", "sizes", "steps", "term", "total", "value",
    "vec", "zeros",
]
