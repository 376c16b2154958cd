"""What is due today: the schedule of the stored answers, limited to the questions in the bank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..bank import Bank
from .queries import reviews
from .schedule import ScheduledQuestion, build_schedule, due_questions, upcoming_questions

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class DueList:
    """The questions due at `now` and those coming later."""

    now: datetime
    due: list[ScheduledQuestion]
    upcoming: list[ScheduledQuestion]

    def to_dict(self, limit: int | None = None) -> dict[str, object]:
        return {
            "now": self.now.isoformat(timespec="seconds"),
            "due_count": len(self.due),
            "due": [item.to_dict(self.now) for item in self.due[:limit]],
            "upcoming": [item.to_dict(self.now) for item in self.upcoming[:limit]],
        }


def due_list(store: Store, bank: Bank, now: datetime) -> DueList:
    """Replay every scored main answer into FSRS cards and split them into due and upcoming."""
    schedule = build_schedule(reviews(store))
    known = [question_id for question_id in bank.questions if question_id in bank.rubrics]
    return DueList(
        now=now, due=due_questions(schedule, now, known=known), upcoming=upcoming_questions(schedule, now, known=known)
    )
