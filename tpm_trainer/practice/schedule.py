"""Spaced repetition of questions with FSRS (the `fsrs` package), rated from the answers' scores.

Every scored main answer is one review of its question's card. The card is rebuilt by replaying the
question's reviews in time order, so the schedule always follows the stored history (a deleted or
re-scored attempt changes it, nothing can drift). Learning steps are switched off: interview
questions are practised days apart, not minutes, so every rating goes straight to a day interval.
Fuzzing is off so that the same history always gives the same dates. Ratings: see `rating.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, Scheduler

from .rating import rating_for


def make_scheduler() -> Scheduler:
    """The FSRS scheduler the trainer uses: default parameters, day intervals only, no fuzzing."""
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def parse_time(iso: str) -> datetime:
    """An ISO time from the database as an aware datetime (times without a zone are UTC)."""
    parsed = datetime.fromisoformat(iso)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Review:
    """One scored main answer, as FSRS sees it."""

    question_id: str
    attempt_id: int
    reviewed_at: datetime
    score: float
    band: str | None
    hints_used: int = 0

    @property
    def rating(self) -> Rating:
        return rating_for(self.band, self.score, self.hints_used)


@dataclass(frozen=True)
class ScheduledQuestion:
    """A question's card after all its reviews: when it is due and why."""

    question_id: str
    due: datetime
    last_review: datetime
    last_score: float
    last_band: str | None
    last_rating: Rating
    hints_used: int
    reviews: int
    stability: float

    def is_due(self, now: datetime) -> bool:
        return self.due <= now

    def overdue_days(self, now: datetime) -> int:
        """Whole days since the due time (0 when due today or not yet due)."""
        return max(0, (now - self.due).days)

    def why(self, now: datetime) -> str:
        """One line: the last score and band, the rating it gave, and the due date."""
        hints = f", {self.hints_used} hint(s)" if self.hints_used else ""
        text = (
            f"last {self.last_band or 'scored'} ({self.last_score:.0f}{hints}) on {self.last_review.date().isoformat()}"
            f" → rated {self.last_rating.name}; due {self.due.date().isoformat()}"
        )
        overdue = self.overdue_days(now)
        if overdue:
            text += f", {overdue} day{'s' if overdue != 1 else ''} overdue"
        return text

    def to_dict(self, now: datetime) -> dict[str, object]:
        return {
            "question_id": self.question_id,
            "due": self.due.isoformat(timespec="seconds"),
            "is_due": self.is_due(now),
            "overdue_days": self.overdue_days(now),
            "last_review": self.last_review.isoformat(timespec="seconds"),
            "last_score": self.last_score,
            "last_band": self.last_band,
            "last_rating": self.last_rating.name,
            "hints_used": self.hints_used,
            "reviews": self.reviews,
            "stability_days": round(self.stability, 2),
            "why": self.why(now),
        }


def build_schedule(reviews: Iterable[Review], scheduler: Scheduler | None = None) -> dict[str, ScheduledQuestion]:
    """Replay the reviews (any order) into one card per question."""
    scheduler = scheduler or make_scheduler()
    by_question: dict[str, list[Review]] = {}
    for review in reviews:
        by_question.setdefault(review.question_id, []).append(review)
    schedule: dict[str, ScheduledQuestion] = {}
    for question_id, question_reviews in by_question.items():
        question_reviews.sort(key=lambda r: (r.reviewed_at, r.attempt_id))
        card = Card(card_id=1)
        for review in question_reviews:
            card, _ = scheduler.review_card(card, review.rating, review_datetime=review.reviewed_at)
        last = question_reviews[-1]
        schedule[question_id] = ScheduledQuestion(
            question_id=question_id,
            due=card.due,
            last_review=last.reviewed_at,
            last_score=last.score,
            last_band=last.band,
            last_rating=last.rating,
            hints_used=last.hints_used,
            reviews=len(question_reviews),
            stability=card.stability or 0.0,
        )
    return schedule


def due_questions(
    schedule: dict[str, ScheduledQuestion], now: datetime, *, known: Iterable[str] | None = None
) -> list[ScheduledQuestion]:
    """The questions due at `now`, most overdue first (only those in `known`, e.g. the bank, if given)."""
    allowed = set(known) if known is not None else None
    due = [item for item in schedule.values() if item.is_due(now) and (allowed is None or item.question_id in allowed)]
    due.sort(key=lambda item: (item.due, item.last_score, item.question_id))
    return due


def upcoming_questions(
    schedule: dict[str, ScheduledQuestion], now: datetime, *, known: Iterable[str] | None = None
) -> list[ScheduledQuestion]:
    """The questions not yet due, soonest first."""
    allowed = set(known) if known is not None else None
    later = [
        item for item in schedule.values() if not item.is_due(now) and (allowed is None or item.question_id in allowed)
    ]
    later.sort(key=lambda item: (item.due, item.question_id))
    return later
