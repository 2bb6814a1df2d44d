"""What the init cards' parameters must be when set by hand (--param, a card's tests)."""

from __future__ import annotations

from quizapp.authoring import Params, require


def require_sizes(p: Params, *names: str) -> None:
    """Sizes (fans, channels, features, groups) are whole numbers of at least 1; an admitted
    range also lets 2.5 through, which no layer has."""
    for name in names:
        value = p[name]
        require(isinstance(value, int) and not isinstance(value, bool) and value >= 1,
                f"{name} must be a whole number of at least 1, not {value}")


def require_groups(p: Params) -> None:
    """A grouped conv needs both channel counts divisible by groups."""
    require_sizes(p, "C_in", "C_out", "groups")
    g = p["groups"]
    require(p["C_in"] % g == 0 and p["C_out"] % g == 0,
            f"groups={g} must divide both C_in={p['C_in']} and C_out={p['C_out']}")
