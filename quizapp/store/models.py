"""The database schema: learners, decks, each learner's cards with their SM-2 (and FSRS)
state, the append-only log, and each learner's settings. Decks are shared by all learners."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class LearnerRow(Base):
    """Someone who studies (0005): a profile on SQLite, also a database role on a class's
    PostgreSQL server (`role`, set by `quizapp class add-learner`)."""

    __tablename__ = "learners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    role: Mapped[str | None] = mapped_column(String(63), unique=True)
    created_at: Mapped[datetime]


class DeckRow(Base):
    """A deck known to the collection; removing one keeps the row and the history."""

    __tablename__ = "decks"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)  # path of the YAML file in use
    builtin: Mapped[bool] = mapped_column(default=False)
    content_sha256: Mapped[str] = mapped_column(String(64))
    verifier_sha256: Mapped[str | None] = mapped_column(String(64))  # the trusted pin
    added_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class DeckFileRow(Base):
    """A file of a custom deck's installed version (0006): the YAML and its verifier, so a
    machine sharing the database (a class's learner) gets the deck without copying files.
    `version` is the install folder's name, `v-` and the digest of every file in it."""

    __tablename__ = "deck_files"

    deck: Mapped[str] = mapped_column(String(80), primary_key=True)
    version: Mapped[str] = mapped_column(String(20), primary_key=True)
    path: Mapped[str] = mapped_column(String(500), primary_key=True)  # relative, POSIX
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CardRow(Base):
    """A card's identity (deck/id) and its current scheduling state."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("learner_id", "key", name="uq_cards_learner_key"),
        Index("ix_cards_queue", "learner_id", "deck", "retired", "suspended", "due"),
        Index("ix_cards_due", "learner_id", "due"),
        # Covers the statistics' card-state summary (migration 0007 says why).
        Index("ix_cards_state", "learner_id", "retired", "deck", "due", "interval",
              "suspended", "leech", "buried_until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id"))
    key: Mapped[str] = mapped_column(String(200))
    deck: Mapped[str] = mapped_column(ForeignKey("decks.name"))
    kind: Mapped[str] = mapped_column(String(8))
    retired: Mapped[bool] = mapped_column(default=False)  # gone from the deck file
    suspended: Mapped[bool] = mapped_column(default=False)
    leech: Mapped[bool] = mapped_column(default=False)
    buried_until: Mapped[datetime | None]
    repetitions: Mapped[int] = mapped_column(default=0)
    ease: Mapped[int] = mapped_column(default=250)  # hundredths
    interval: Mapped[int] = mapped_column(default=0)
    due: Mapped[datetime | None]  # None: never studied (a new card)
    lapses: Mapped[int] = mapped_column(default=0)
    last_review: Mapped[datetime | None]
    # FSRS memory state, kept only while the card's deck is scheduled by FSRS (0004):
    stability: Mapped[float | None]
    difficulty: Mapped[float | None]


class ReviewRow(Base):
    """One logged event: everything needed to rebuild every card's state and redo the question."""

    __tablename__ = "reviews"
    __table_args__ = (
        Index("ix_reviews_card_at", "card_id", "at"),
        Index("ix_reviews_day", "learner_id", "day"),
        # For the queries that run at a million reviews (0002; per learner since 0005):
        Index("ix_reviews_kind_new_at", "learner_id", "kind", "was_new", "at"),
        Index("ix_reviews_kind_day_quality", "learner_id", "kind", "day", "quality"),
        Index("ix_reviews_undoes", "learner_id", "undoes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The card's learner, copied (0005) so that row-level security and the per-learner
    # indexes need no join; the card's own foreign key keeps the two consistent.
    learner_id: Mapped[int]
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    at: Mapped[datetime]  # UTC, naive
    day: Mapped[int]  # the learner's local calendar day (date ordinal): cheap per-day stats
    kind: Mapped[str] = mapped_column(String(8))  # review | drill | undo | schedule
    quality: Mapped[int | None]
    suggested: Mapped[int | None]
    correct: Mapped[bool | None]  # None for self-graded flash cards
    was_new: Mapped[bool] = mapped_column(default=False)
    typed: Mapped[str | None] = mapped_column(Text)
    canonical: Mapped[str | None] = mapped_column(Text)  # JSON
    params: Mapped[str | None] = mapped_column(Text)  # JSON
    seed: Mapped[int | None]
    response_ms: Mapped[int | None]
    device: Mapped[str | None] = mapped_column(String(32))
    torch_version: Mapped[str | None] = mapped_column(String(40))
    slip: Mapped[str | None] = mapped_column(String(80))  # the known slip's id, if one fired
    undoes: Mapped[int | None] = mapped_column(ForeignKey("reviews.id"))
    reps_before: Mapped[int]
    ease_before: Mapped[int]
    interval_before: Mapped[int]
    due_before: Mapped[datetime | None]
    lapses_before: Mapped[int] = mapped_column(default=0)
    reps_after: Mapped[int]
    ease_after: Mapped[int]
    interval_after: Mapped[int]
    due_after: Mapped[datetime | None]
    # FSRS (0004): the rating (1-4; None: rated from quality), the scheduler that set
    # due_after (None: sm2), and the memory state around the review.
    rating: Mapped[int | None]
    scheduler: Mapped[str | None] = mapped_column(String(8))
    stability_before: Mapped[float | None]
    difficulty_before: Mapped[float | None]
    stability_after: Mapped[float | None]
    difficulty_after: Mapped[float | None]


class SettingRow(Base):
    """One learner's setting (language, scheduler, FSRS parameters...)."""

    __tablename__ = "settings"

    learner_id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
