"""`quizapp study --plain` as a real process: answering, retyping, end of input, kill -9."""

from __future__ import annotations

import codecs
import json
import math
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

QUIZAPP_BIN = Path(sys.executable).with_name("quizapp")
QUESTION = re.compile(r"\[(?:(\d+)/(\d+)|(again))\] (\S+)\n")
ANSWER_PROMPT = "answer (empty: don't know)> "
REVEAL_PROMPT = "(Enter to reveal) "
GRADE_PROMPT = re.compile(r"grade(?: \[Enter = (\d)\])?[^\n]*\n> ")
RETRY_PROMPT = "one more try (empty: show the answer)> "


class Conversation:
    """A running `quizapp` whose stdout is read up to each prompt before we type."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [str(QUIZAPP_BIN), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=dict(os.environ),
        )
        self.text = ""
        self.pos = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    def expect(self, pattern: str | re.Pattern[str], timeout: float = 90) -> re.Match[str]:
        regex = re.compile(re.escape(pattern)) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while (match := regex.search(self.text, self.pos)) is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {regex.pattern!r} within {timeout} s:\n{self.text}")
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                    raise AssertionError(f"quizapp ended before {regex.pattern!r}:\n"
                                         f"{self.text}\n{err}")
                self.text += self._decoder.decode(chunk)
        self.pos = match.end()
        return match

    def next_prompt(self) -> tuple[str, str]:
        """Wait for the next question; returns (card key, the prompt it asks with)."""
        question = self.expect(QUESTION)
        prompt = self.expect(re.compile(re.escape(ANSWER_PROMPT) + "|" + re.escape(REVEAL_PROMPT)))
        return question.group(4), prompt.group(0)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def finish(self, timeout: float = 60) -> tuple[int, str, str]:
        """Close stdin (end of input) and collect the rest of the output."""
        out, err = self.proc.communicate(timeout=timeout)
        self.text += self._decoder.decode(out, final=True)
        return self.proc.returncode, self.text, err.decode()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture
def conversation(home: Path) -> Any:
    started: list[Conversation] = []

    def start(*args: str) -> Conversation:
        started.append(Conversation(*args))
        return started[-1]

    yield start
    for conv in started:
        conv.kill()


def _stats(quizapp_process: Callable[..., Any]) -> dict[str, Any]:
    outcome = quizapp_process("stats", "--json")
    assert outcome.code == 0, outcome.output
    return json.loads(outcome.stdout)


def _reviews(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "quizapp.db") as conn:
        query = ("SELECT c.key, r.typed, r.correct, r.quality, r.suggested "
                 "FROM reviews r JOIN cards c ON c.id = r.card_id ORDER BY r.id")
        return conn.execute(query).fetchall()


def conv_out(n: int, k: int, s: int, p: int, d: int) -> int:
    """Output size from the nn.Conv2d documentation: floor((n + 2p - d(k-1) - 1)/s) + 1."""
    return math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1


def _right_conv2d_answer(question: str) -> str:
    n, _c_in, h, w = map(int, re.search(r"shape \((\d+), (\d+), (\d+), (\d+)\)", question).groups())
    layer = re.search(r"nn\.Conv2d\((\d+), (\d+), kernel_size=(\d+), stride=(\d+),\s+"
                      r"padding=(\d+), dilation=(\d+)\)", question)
    assert layer, question
    _, c_out, k, s, p, d = map(int, layer.groups())
    return f"({n}, {c_out}, {conv_out(h, k, s, p, d)}, {conv_out(w, k, s, p, d)})"


def test_a_right_answer_is_graded_correct_and_recorded(conversation: Any, home: Path,
                                                       quizapp_process: Any) -> None:
    conv = conversation("study", "--plain", "--deck", "conv", "--limit", "1")
    key, prompt = conv.next_prompt()
    assert key == "conv/conv2d-output-shape" and prompt == ANSWER_PROMPT
    answer = _right_conv2d_answer(conv.text)
    conv.send(answer)
    conv.expect("correct. Answer: " + answer)
    suggested = int(conv.expect(GRADE_PROMPT).group(1))
    assert suggested in (4, 5)
    conv.send("")  # accept the suggestion
    code, text, err = conv.finish()
    assert code == 0, err
    assert re.search(r"^answered +1\ngraded 3\+ +100%$", text, re.M)
    assert _reviews(home) == [("conv/conv2d-output-shape", answer, 1, suggested, suggested)]
    stats = _stats(quizapp_process)
    assert stats["reviews_total"] == 1 and stats["accuracy"] == 1.0


def test_dont_know_wrong_and_unparsable_answers(conversation: Any, home: Path,
                                                quizapp_process: Any) -> None:
    conv = conversation("study", "--plain", "--deck", "conv", "--limit", "2")
    first, prompt = conv.next_prompt()
    assert prompt == ANSWER_PROMPT
    conv.send("")  # don't know
    conv.expect("not answered. Answer: ")
    assert conv.expect(GRADE_PROMPT).group(1) == "0"
    conv.send("")

    second, prompt = conv.next_prompt()
    assert prompt == ANSWER_PROMPT and second != first
    conv.send("no idea, sorry")
    conv.expect("not graded: ")
    conv.expect(ANSWER_PROMPT)  # asked again, nothing recorded
    conv.send("999999")
    conv.expect("not quite")  # a wrong first answer gets one more try, with a hint
    conv.expect(RETRY_PROMPT)
    conv.send("999999")
    conv.expect(re.compile(r"wrong[ .]"))  # right after the prompt
    assert conv.expect(GRADE_PROMPT).group(1) == "1"
    conv.send("")

    again, _ = conv.next_prompt()
    assert again == first and "[again]" in conv.text  # graded below 4: re-drilled
    code, text, err = conv.finish()  # end of input while a question is open
    assert code == 0, err
    assert "(end of input)" in text
    assert re.search(r"^answered +2\ngraded 3\+ +0%$", text, re.M)
    assert "Traceback" not in text + err
    reviews = _reviews(home)
    assert [(k, typed or None, q) for k, typed, _, q, _ in reviews] == [(first, None, 0),
                                                                (second, "999999", 1)]
    assert _stats(quizapp_process)["reviews_total"] == 2


def test_end_of_input_at_once_ends_cleanly(quizapp_process: Any, home: Path) -> None:
    outcome = quizapp_process("study", "--plain", "--deck", "conv", input="")
    assert outcome.code == 0, outcome.stderr
    assert "(end of input)" in outcome.stdout
    assert re.search(r"^answered +0$", outcome.stdout, re.M)
    assert outcome.stderr == ""
    assert _reviews(home) == []


def test_unknown_deck_is_refused(quizapp_process: Any, home: Path) -> None:
    outcome = quizapp_process("study", "--plain", "--deck", "nonesuch", input="")
    assert outcome.code != 0 and "no deck named nonesuch" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_kill_9_loses_no_answered_review(conversation: Any, home: Path,
                                         quizapp_process: Any) -> None:
    conv = conversation("study", "--plain", "--deck", "conv")
    answered = []
    while len(answered) < 3:
        key, _ = conv.next_prompt()
        conv.send("")  # don't know, or reveal a flash card
        conv.expect(GRADE_PROMPT)
        conv.send("1")
        answered.append(key)
    conv.next_prompt()  # the next question is on screen: the third answer is committed
    conv.send("")  # answered but not yet graded when the process dies
    conv.expect(GRADE_PROMPT)
    conv.proc.send_signal(signal.SIGKILL)
    assert conv.proc.wait(timeout=30) == -signal.SIGKILL

    assert _stats(quizapp_process)["reviews_total"] == 3
    assert [r[0] for r in _reviews(home)] == answered
    with sqlite3.connect(home / "quizapp.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
