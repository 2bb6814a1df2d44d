"""Imported review history written to the log: rows appended after what each card already
has, then every touched card's state replayed from its whole log, exactly as `doctor` does.

The caller holds one write transaction around all of it, so a bad row found at the
millionth line leaves the database as it was. Rows arrive in batches and are inserted in
batches; what is kept per card is its running state, so memory grows with the cards, not
with the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from quizapp.core import sm2
from quizapp.core.clock import local_day
from quizapp.core.history_rows import IMPORTED_DECK, Imported
from quizapp.core.i18n import _
from quizapp.core.rebuild import effective, rebuild, replayed_due
from quizapp.store.doctor import FsrsFor
from quizapp.store.history import logged
from quizapp.store.models import CardRow, DeckRow, ReviewRow
from quizapp.store.repo import ANSWER_KINDS, LEECH_LAPSES
from quizapp.store.tenancy import learner_of

BATCH = 5_000  # records per insert
CHUNK = 500  # values per IN (...): well under every driver's parameter limit
# Core statements on the tables: the ORM's bulk insert splits a batch into one statement
# per pattern of empty values (70,000 statements for 200,000 rows).
REVIEWS, CARDS = cast(Table, ReviewRow.__table__), cast(Table, CardRow.__table__)
T = TypeVar("T")
BadRow = Callable[[int, str], Exception]  # (line, problem) -> the error to raise


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def set_states(s: Session, changes: list[dict[str, Any]]) -> None:
    """UPDATE cards by id, many at once; each dict holds "id" and the columns it sets."""
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in changes:  # one executemany per set of columns
        by_columns.setdefault(tuple(sorted(change)), []).append(change)
    for names, group in by_columns.items():
        statement = update(CARDS).where(CARDS.c.id == bindparam("card")).values(
            {name: bindparam(name) for name in names if name != "id"})
        for part in chunks(group, BATCH):
            s.execute(statement, [{**change, "card": change["id"]} for change in part])


@dataclass
class Outcome:
    added: int = 0  # review rows written
    present: int = 0  # rows of the file the log already had (or that the file repeats)
    cards: int = 0  # cards that got reviews
    created: int = 0  # cards made: the imported deck's, or ones gone from their deck file
    flags: int = 0  # cards whose suspended / buried / leech flags the file restored
    rescheduled: int = 0  # due dates the file had from a reschedule, logged as one again


@dataclass
class _Card:
    """One card's state while its imported rows are computed, as record_answer keeps it."""

    id: int
    deck: str
    leech: bool = False
    reps: int = 0
    ease: int = 250
    interval: int = 0
    due: datetime | None = None
    lapses: int = 0
    stability: float | None = None
    difficulty: float | None = None
    bound: datetime | None = None  # the latest time in its log that counts
    present: set[tuple[datetime, str]] = field(default_factory=set)  # (time, kind) logged
    last: datetime | None = None  # the latest time among the rows this import added
    added: bool = False


STATE = (CardRow.id, CardRow.key, CardRow.deck, CardRow.leech, CardRow.repetitions,
         CardRow.ease, CardRow.interval, CardRow.due, CardRow.lapses, CardRow.stability,
         CardRow.difficulty)


class Importer:
    """Appends one file's reviews; `finish` then replays the cards they touched."""

    def __init__(self, s: Session, now: datetime) -> None:
        self.s, self.now = s, now
        self.learner_id = learner_of(s)
        self.decks = set(s.scalars(select(DeckRow.name)))
        self.cards: dict[str, _Card] = {}
        self.made: set[str] = set()  # keys of the cards this import created
        self.pending: list[dict[str, Any]] = []  # rows computed, not yet inserted
        self.outcome = Outcome()

    def add(self, records: Iterable[Imported], bad: BadRow) -> None:
        for batch in chunks(records, BATCH):
            self.resolve([(r.card, r.line, "flash" if r.suggested is None else "quiz")
                           for r in batch], bad)
            for r in batch:
                self._row(r, bad)
            self._flush()

    def _flush(self) -> None:
        if self.pending:
            self.s.execute(insert(REVIEWS), self.pending)
            self.pending = []

    def _repeated(self, card: _Card, r: Imported) -> bool:
        """Whether this import already added this row (a file that repeats one). Asked only
        of a row not later than the card's latest one so far, which a file in log order
        has only after a clock stepped back: so no set of every row is kept."""
        self._flush()
        return self.s.scalar(select(ReviewRow.id).where(
            ReviewRow.card_id == card.id, ReviewRow.at == r.at, ReviewRow.kind == r.kind
        ).limit(1)) is not None

    def resolve(self, wanted: Sequence[tuple[str, int, str]], bad: BadRow) -> None:
        """Load the cards a batch names that are not loaded yet, with their logs' bounds;
        make the ones the collection lacks (a card of an unknown deck is a bad row)."""
        missing: dict[str, tuple[int, str]] = {}
        for key, line, kind in wanted:
            if key not in self.cards:
                missing.setdefault(key, (line, kind))
        if not missing:
            return
        loaded: dict[int, _Card] = {}
        for part in chunks(missing, CHUNK):
            for r in self.s.execute(select(*STATE).where(CardRow.key.in_(part))):
                loaded[r.id] = self.cards[r.key] = _Card(
                    r.id, r.deck, r.leech, r.repetitions, r.ease, r.interval, r.due, r.lapses,
                    r.stability, r.difficulty)
        self._bounds(loaded)
        self._create({k: v for k, v in missing.items() if k not in self.cards}, bad)

    def _bounds(self, cards: dict[int, _Card]) -> None:
        for part in chunks(cards, CHUNK):
            rows = self.s.execute(select(ReviewRow.card_id, ReviewRow.id, ReviewRow.at,
                                         ReviewRow.kind, ReviewRow.undoes)
                                  .where(ReviewRow.card_id.in_(part))).all()
            undone = {r.undoes for r in rows if r.kind == "undo"}
            for card_id, review_id, at, kind, _undoes in rows:
                card = cards[card_id]
                if kind in ANSWER_KINDS:
                    card.present.add((at, kind))  # undone too: an import never revives one
                if kind != "undo" and review_id not in undone:
                    card.bound = at if card.bound is None else max(card.bound, at)

    def _create(self, missing: dict[str, tuple[int, str]], bad: BadRow) -> None:
        rows = []
        for key, (line, kind) in missing.items():
            deck = key.partition("/")[0]
            if deck == IMPORTED_DECK:
                self._imported_deck()
            elif deck not in self.decks:
                raise bad(line, _("no deck named {deck} in this collection: add it (`quizapp "
                                  "deck add`), then import again").format(deck=deck))
            # Not in its deck's file (any more): its history is kept, as for a retired card.
            rows.append({"key": key, "deck": deck, "kind": kind, "retired": True,
                         "learner_id": self.learner_id})
        for part in chunks(rows, CHUNK):
            made = self.s.execute(insert(CARDS).returning(CARDS.c.id, CARDS.c.key,
                                                          CARDS.c.deck), part)
            for card_id, key, deck in made:
                self.cards[key] = _Card(card_id, deck)
                self.made.add(key)
        self.outcome.created += len(rows)

    def _imported_deck(self) -> None:
        if IMPORTED_DECK not in self.decks:
            self.s.add(DeckRow(
                name=IMPORTED_DECK, title="Imported review history", title_zh="导入的复习记录",
                source="", builtin=False, content_sha256="0" * 64, verifier_sha256=None,
                added_at=self.now, removed_at=self.now))  # removed: never studied or listed
            self.s.flush()
            self.decks.add(IMPORTED_DECK)

    def _row(self, r: Imported, bad: BadRow) -> None:
        card = self.cards[r.card]
        if (r.at, r.kind) in card.present or (
                card.last is not None and r.at <= card.last and self._repeated(card, r)):
            self.outcome.present += 1
            return
        if card.bound is not None and r.at <= card.bound:
            raise bad(r.line, _(
                "{card} has history up to {time} in this database and this review is older; "
                "import adds only what follows a card's last review here").format(
                card=r.card, time=card.bound.isoformat(sep=" ", timespec="seconds")))
        card.last = r.at if card.last is None or r.at > card.last else card.last
        before = sm2.SM2State(card.reps, card.ease, card.interval)
        after, due, lapsed = before, card.due, False
        if r.kind == "review":
            after = sm2.storable(sm2.review(before, r.quality))
            lapsed = r.quality < sm2.PASSING and card.reps > 0
            # The file's due date where a replay would trust it (the file has no reps_after).
            due = replayed_due(r.at, after, r.due_after, r.scheduler, (
                r.interval_after, r.ease_after) == (after.interval, after.ease_hundredths))
        stability, difficulty = r.memory or (card.stability, card.difficulty)
        row = {
            "card_id": card.id, "learner_id": self.learner_id, "at": r.at,
            "day": r.day or local_day(r.at), "kind": r.kind,
            "quality": r.quality, "suggested": r.suggested, "correct": r.correct,
            "was_new": r.kind == "review" and card.due is None, "response_ms": r.response_ms,
            "slip": r.slip, "rating": r.rating, "scheduler": r.scheduler,
            "reps_before": card.reps, "ease_before": card.ease,
            "interval_before": card.interval, "due_before": card.due,
            "lapses_before": card.lapses, "stability_before": card.stability,
            "difficulty_before": card.difficulty, "reps_after": after.repetitions,
            "ease_after": after.ease_hundredths, "interval_after": after.interval,
            "due_after": due, "stability_after": stability, "difficulty_after": difficulty,
        }
        card.reps, card.ease, card.interval = after.repetitions, after.ease_hundredths, \
            after.interval
        card.due, card.lapses = due, card.lapses + lapsed
        card.stability, card.difficulty, card.added = stability, difficulty, True
        self.outcome.added += 1
        self.pending.append(row)

    def finish(self, fsrs_for: FsrsFor) -> None:
        """Set every card that got reviews to the state its whole log replays to."""
        touched = {c.id: c for c in self.cards.values() if c.added}
        self.outcome.cards = len(touched)
        updates = []  # tuples, not dicts: a tenth of the memory at 100,000 cards
        for card_id, events in logged(self.s, {c.deck for c in touched.values()}):
            card = touched.get(card_id)
            if card is None:
                continue
            rebuilt = rebuild(events, fsrs_for(card.deck))
            scheduled = [e.at for e in effective(events) if e.kind == "review"]
            updates.append((card_id, *rebuilt.fields().values(),
                            scheduled[-1] if scheduled else None,
                            card.leech or rebuilt.lapses >= LEECH_LAPSES))
        names = ("id", *rebuild([]).fields(), "last_review", "leech")
        for part in chunks(updates, BATCH):
            set_states(self.s, [dict(zip(names, u, strict=True)) for u in part])
