"""The study flow as an explicit state machine: its phases, and what each key does in each.

The TUI and plain mode drive the same session through this table, so a key never means
something different from what the footer and the help say, and an action always names
the card it acts on.
"""

from __future__ import annotations

from enum import Enum

from quizapp.core.i18n import N_


class Phase(Enum):
    LOADING = "loading"  # the next card is being drawn
    ANSWERING = "answering"  # a quiz card waits for a typed answer (first try)
    RETRY = "retry"  # a wrong first answer: one more try, or Enter on empty to give up
    CHECKING = "checking"  # the verifier is computing the answer
    FRONT = "front"  # a flash card's front: reveal it
    FEEDBACK = "feedback"  # the answer is shown, not yet graded: the answer is pending
    SAVING = "saving"  # the grade is being written
    BROKEN = "broken"  # the card cannot be asked or its answer computed
    DONE = "done"  # the session is over


class Action(Enum):
    SUBMIT = "submit"  # the typed answer (empty: don't know; in RETRY: give up)
    REVEAL = "reveal"  # show a flash card's back
    ACCEPT = "accept"  # record the suggested grade
    GRADE = "grade"  # record the grade pressed (0-5)
    UNDO = "undo"  # the card on screen once checked, else the last graded card
    MARK_CORRECT = "mark_correct"  # an auto-graded wrong answer was right (a typo)
    SUSPEND = "suspend"  # the card on screen (a checked answer is recorded first)
    BURY = "bury"  # the card on screen, until tomorrow (a checked answer is recorded first)
    NEXT = "next"  # skip a broken card
    QUIT = "quit"  # end the session (a checked answer is recorded first)
    HELP = "help"
    SCROLL_UP = "scroll_up"
    SCROLL_DOWN = "scroll_down"


# Keys that only act while the answer box is empty: with text typed they are text.
EMPTY_BOX_ONLY = frozenset({"q", "u", "exclamation_mark", "asterisk", "j", "k"})

_SCROLL = {"pageup": Action.SCROLL_UP, "pagedown": Action.SCROLL_DOWN,
           "k": Action.SCROLL_UP, "j": Action.SCROLL_DOWN}
_GRADES = {str(q): Action.GRADE for q in range(6)}

KEYS: dict[Phase, dict[str, Action]] = {
    Phase.ANSWERING: {"enter": Action.SUBMIT, "f1": Action.HELP, "q": Action.QUIT,
                      "u": Action.UNDO, "exclamation_mark": Action.MARK_CORRECT,
                      "asterisk": Action.SUSPEND, **_SCROLL},
    Phase.RETRY: {"enter": Action.SUBMIT, "f1": Action.HELP, "q": Action.QUIT,
                  "u": Action.UNDO, "asterisk": Action.SUSPEND, **_SCROLL},
    Phase.FRONT: {"space": Action.REVEAL, "enter": Action.REVEAL, "f1": Action.HELP,
                  "question_mark": Action.HELP, "q": Action.QUIT, "u": Action.UNDO,
                  "exclamation_mark": Action.MARK_CORRECT, "asterisk": Action.SUSPEND,
                  "minus": Action.BURY, **_SCROLL},
    Phase.FEEDBACK: {"enter": Action.ACCEPT, **_GRADES, "u": Action.UNDO,
                     "exclamation_mark": Action.MARK_CORRECT, "asterisk": Action.SUSPEND,
                     "minus": Action.BURY, "q": Action.QUIT, "f1": Action.HELP,
                     "question_mark": Action.HELP, **_SCROLL},
    Phase.BROKEN: {"enter": Action.NEXT, "q": Action.QUIT, "u": Action.UNDO,
                   "asterisk": Action.SUSPEND, "minus": Action.BURY, "f1": Action.HELP,
                   "question_mark": Action.HELP, **_SCROLL},
    Phase.CHECKING: {"f1": Action.HELP, **_SCROLL},
    Phase.SAVING: {"f1": Action.HELP, **_SCROLL},
    Phase.LOADING: {"f1": Action.HELP},
    Phase.DONE: {},
}

# What the footer shows in each phase, in order: (key label, what it does). The labels are
# marked for translation; screens show them through `_()`.
FOOTER: dict[Phase, tuple[tuple[str, str], ...]] = {
    Phase.ANSWERING: (("Enter", N_("submit")), (N_("empty"), N_("don't know")),
                      ("F1", N_("help"))),
    Phase.RETRY: (("Enter", N_("try again")), (N_("empty"), N_("show the answer")),
                  ("F1", N_("help"))),
    Phase.FRONT: (("Space", N_("reveal")), ("*", N_("suspend")), ("-", N_("bury")),
                  ("q", N_("quit")), ("F1", N_("help"))),
    Phase.FEEDBACK: (("Enter", N_("accept")), ("0-5", N_("grade")), ("u", N_("undo")),
                     ("*", N_("suspend")), ("-", N_("bury")), ("q", N_("quit")),
                     ("F1", N_("help"))),
    Phase.BROKEN: (("Enter", N_("next card")), ("*", N_("suspend")), ("q", N_("quit")),
                   ("F1", N_("help"))),
    Phase.CHECKING: (("F1", N_("help")),),
    Phase.SAVING: (("F1", N_("help")),),
    Phase.LOADING: (("F1", N_("help")),),
    Phase.DONE: (),
}


def action_for(phase: Phase, key: str, box_empty: bool = True) -> Action | None:
    """What `key` does in `phase`; None when it does nothing there (or is text being typed)."""
    action = KEYS[phase].get(key)
    if action is not None and key in EMPTY_BOX_ONLY and not box_empty and phase in {
        Phase.ANSWERING, Phase.RETRY,
    }:
        return None
    return action


def grade_of(key: str) -> int | None:
    """The grade a digit key gives."""
    return int(key) if key in _GRADES else None
