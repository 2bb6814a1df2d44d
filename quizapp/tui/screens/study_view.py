"""What the study screen shows: the question, the line above the panel, the feedback, the
top bar and the footer of the phase, in the language of the moment (study.py drives it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Static

from quizapp.core.flow import FOOTER, Phase
from quizapp.core.i18n import N_, _
from quizapp.core.present import rating_names
from quizapp.services.context import Services
from quizapp.services.questions import Feedback, Question
from quizapp.services.session import StudySession
from quizapp.tui.widgets.answer import AnswerInput
from quizapp.tui.widgets.feedback import flash_back, quiz_feedback
from quizapp.tui.widgets.grades import GradeBar
from quizapp.tui.widgets.keybar import KeyBar
from quizapp.tui.widgets.question_view import QuestionView
from quizapp.tui.widgets.session_bar import SessionBar

ANSWER_ROWS = 4  # the verdict, the Answer: line and room for a slip line stay in view


class StudyView(Screen[None]):
    """The study screen's display over its session (None until mounted)."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.session: StudySession | None = None
        self.busy: Phase | None = None  # CHECKING or SAVING while a worker runs
        self._said: tuple[str | Callable[[], str], str] = ("", "dim")  # the message line

    @property
    def phase(self) -> Phase:
        if self.busy is not None:
            return self.busy
        return self.session.phase if self.session else Phase.LOADING

    @property
    def question(self) -> Question | None:
        return self.session.question if self.session else None

    @property
    def feedback(self) -> Feedback | None:
        return self.session.pending if self.session else None

    def _session(self) -> StudySession:
        assert self.session is not None
        return self.session

    def _set(self, selector: str, content: Any, visible: bool = True) -> None:
        widget = self.query_one(selector, Static)
        widget.update(content)
        widget.display = visible

    def _say(self, message: str | Callable[[], str], style: str = "dim") -> None:
        """The line above the panel; a callable is called again when the language changes."""
        self._said = (message, style)
        text = message() if callable(message) else message
        self._set("#message", Text(text, style=style), visible=bool(text))

    def refresh_chrome(self) -> None:
        """The top bar's counts and the footer of the current phase."""
        assert self.session is not None
        card = self.question.card if self.question else None
        title = self.services.library.title(card.deck, self.services.lang) if card else ""
        self.query_one(SessionBar).show(title, *self.session.counts(),
                                        done=self.session.tally.answered,
                                        showing=self.question is not None)
        # `!` is offered only after an auto-graded wrong answer: on the feedback screen the
        # line above the panel says so, on the next card the footer does.
        extra = (("!", N_("last one was right")),) if self.session.can_mark_correct() and \
            self.phase in {Phase.ANSWERING, Phase.FRONT} else ()
        footer = FOOTER[self.phase]
        if self.question is not None and self.question.fsrs is not None:
            footer = tuple(("1-4", label) if key == "0-5" else (key, label)
                           for key, label in footer)  # an FSRS deck rates 1-4
        self.query_one(KeyBar).show((*footer[:-1], *extra, footer[-1]) if footer else ())

    # -- showing -----------------------------------------------------------------------

    def show_question(self, question: Question) -> None:
        card = question.card
        self.query_one(QuestionView).show(question, self.services.lang)
        self._say("")
        self._set("#feedback", "", visible=False)
        self.query_one("#grades", GradeBar).display = False
        answer = self.query_one("#answer", AnswerInput)
        answer.value = ""
        answer.display = card.kind == "quiz" and not question.error
        self.query_one("#body", VerticalScroll).scroll_home(animate=False)
        if question.error:
            self._say(lambda: _("This card cannot be asked: {error}").format(
                error=question.error) + "\n" + _("Nothing is recorded. Enter: next card."),
                "bold red")
            self.set_focus(None)
        elif card.kind == "quiz":
            answer.focus()
        else:
            self._say(lambda: _("Space or Enter: reveal the answer"))
            self.set_focus(None)
        self.refresh_chrome()

    def language_changed(self, lang: str) -> None:
        """Everything on screen again in `lang`: question, message line, feedback."""
        if self.question is not None:
            self.query_one(QuestionView).show(self.question, lang)
        self._say(*self._said)
        if self.session and self.session.pending:
            self.show_feedback(self.session.pending)
        self.query_one("#answer", AnswerInput).placeholder = _("your answer")
        self.refresh_chrome()

    def show_feedback(self, fb: Feedback) -> None:
        self.set_focus(None)
        if fb.error and fb.question.card.kind == "quiz":
            self._say(lambda: _("Could not compute this card's answer: {error}").format(
                error=fb.error) + "\n" + _("Nothing is recorded. Enter: next card."),
                "bold red")
            self.refresh_chrome()
            return
        card, lang = fb.question.card, self.services.lang
        offer = " · " + _("! I was right (a typo)") if fb.auto_graded_wrong else ""
        fsrs = fb.question.fsrs is not None
        if fsrs:
            suggestion = _("Enter accepts {rating} · 1-4 overrides").format(
                rating=rating_names()[fb.suggested_rating])
        else:
            suggestion = _("Enter accepts grade {q} · 0-5 overrides").format(q=fb.suggested)
        self._say("" if card.kind == "flash" and not fsrs else suggestion + offer)
        self._set("#feedback", flash_back(fb, lang) if card.kind == "flash"
                  else quiz_feedback(fb, lang))
        grades = self.query_one("#grades", GradeBar)
        grades.show(fb.intervals, fb.suggested_rating if fsrs else fb.suggested,
                    flash=card.kind == "flash", fsrs=fsrs)
        grades.display = True
        self.refresh_chrome()
        # After the layout that places the panel (and shrinks the body for the grade bar).
        self.call_after_refresh(self._answer_in_view)

    def _answer_in_view(self, tries: int = 20) -> None:
        """Scroll just enough that the verdict and the Answer: line are visible."""
        body = self.query_one("#body", VerticalScroll)
        panel = self.query_one("#feedback", Static)
        grades = self.query_one("#grades", GradeBar)
        region = panel.virtual_region
        wanted = Region(0, region.y, 1, min(region.height, ANSWER_ROWS + 1))
        # The body's scrollable height may still be the previous card's for a frame or two:
        # scrolling then would stop short, so wait until the panel fits in it.
        laid_out = (region.height > 0 and grades.region.height > 0
                    and body.virtual_size.height >= wanted.bottom)
        if not laid_out and tries:
            self.call_after_refresh(self._answer_in_view, tries - 1)
            return
        body.scroll_to_region(wanted, animate=False, immediate=True)
