"""The study flow's key table: what each key does in each phase, as the footers say."""

from __future__ import annotations

from quizapp.core.flow import FOOTER, KEYS, Action, Phase, action_for
from quizapp.core.present import wrap_code


def test_every_phase_has_a_key_table_and_a_footer() -> None:
    assert set(KEYS) == set(Phase) and set(FOOTER) == set(Phase)


def test_command_keys_on_the_answer_box_only_when_it_is_empty() -> None:
    for key in ("q", "u", "exclamation_mark", "asterisk", "j", "k"):
        assert action_for(Phase.ANSWERING, key, box_empty=False) is None
    assert action_for(Phase.ANSWERING, "q", box_empty=True) is Action.QUIT
    assert action_for(Phase.ANSWERING, "minus") is None  # a minus begins a negative number
    assert action_for(Phase.ANSWERING, "question_mark") is None  # ? is text while answering
    assert action_for(Phase.ANSWERING, "f1") is Action.HELP


def test_keys_after_the_answer_is_shown() -> None:
    assert action_for(Phase.FEEDBACK, "enter") is Action.ACCEPT
    assert all(action_for(Phase.FEEDBACK, str(q)) is Action.GRADE for q in range(6))
    for key, action in (("u", Action.UNDO), ("exclamation_mark", Action.MARK_CORRECT),
                        ("asterisk", Action.SUSPEND), ("minus", Action.BURY),
                        ("q", Action.QUIT), ("pagedown", Action.SCROLL_DOWN)):
        assert action_for(Phase.FEEDBACK, key) is action


def test_flash_cards_reveal_with_space_or_enter() -> None:
    assert action_for(Phase.FRONT, "space") is Action.REVEAL
    assert action_for(Phase.FRONT, "enter") is Action.REVEAL


def test_nothing_acts_while_checking_or_saving_but_help_and_scrolling() -> None:
    for phase in (Phase.CHECKING, Phase.SAVING):
        assert {a for a in KEYS[phase].values()} <= {Action.HELP, Action.SCROLL_UP,
                                                   Action.SCROLL_DOWN}


def test_the_footer_while_answering_says_what_enter_and_empty_do() -> None:
    keys = dict(FOOTER[Phase.ANSWERING])
    assert keys == {"Enter": "submit", "empty": "don't know", "F1": "help"}


def test_code_wraps_with_a_hanging_indent() -> None:
    code = ("nn.Conv2d(16, 32, kernel_size=3, stride=2, padding=1, dilation=2, groups=4, "
            "bias=False)\n    y = conv(x)")
    lines = wrap_code(code, 40).splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].startswith("nn.Conv2d(") and all(line.startswith("    ") for line in lines[1:])
    assert "".join(part.strip() for part in lines[:-1]).replace(",", ", ").replace(
        ",  ", ", ") .startswith("nn.Conv2d(16, 32, kernel_size=3")
