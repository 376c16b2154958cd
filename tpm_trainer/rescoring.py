"""Find stored attempts scored with an older rubric or scorer, and score them again.

A follow-up answer is graded on what its main answer missed, so it is re-scored after its main
answer, against the main answer's new report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .bank import Bank
from .models import Rubric, ScoreReport
from .scoring import SCORER_VERSION, follow_up_rubric, rubric_hash
from .session import grade_answer
from .store import Attempt, Store


@dataclass(frozen=True)
class Rescored:
    attempt: Attempt
    report: ScoreReport

    @property
    def changed(self) -> bool:
        return self.attempt.score != self.report.score


def _grading_rubric(rubric: Rubric, parent_report: ScoreReport | None) -> Rubric:
    return follow_up_rubric(rubric, parent_report) if parent_report is not None else rubric


def plan_rescore(store: Store, bank: Bank, everything: bool = False) -> list[Attempt]:
    """Attempts whose stored score no longer matches their rubric or the scorer (or all, with
    `everything`), oldest first, so main answers come before their follow-ups."""
    reports: dict[int, ScoreReport | None] = {}
    stale: list[Attempt] = []
    stale_ids: set[int] = set()
    for attempt in store.iter_attempts(order="id"):
        reports[attempt.id] = attempt.report
        rubric = bank.rubric_for(attempt.question_id)
        if rubric is None:
            continue
        parent_report = reports.get(attempt.parent_attempt_id) if attempt.parent_attempt_id else None
        expected = rubric_hash(_grading_rubric(rubric, parent_report))
        if (
            everything
            or attempt.parent_attempt_id in stale_ids
            or attempt.rubric_hash != expected
            or attempt.scorer_version != SCORER_VERSION
        ):
            stale.append(attempt)
            stale_ids.add(attempt.id)
    return stale


def rescore(store: Store, bank: Bank, attempts: list[Attempt]) -> Iterator[Rescored]:
    """Score each attempt again and store the new report; yields as it goes (for a progress bar)."""
    new_reports: dict[int, ScoreReport] = {}
    for attempt in attempts:
        rubric = bank.rubric_for(attempt.question_id)
        if rubric is None:
            continue
        parent_report = None
        if attempt.parent_attempt_id is not None:
            parent_report = new_reports.get(attempt.parent_attempt_id)
            if parent_report is None:
                parent = store.attempt(attempt.parent_attempt_id)
                parent_report = parent.report if parent is not None else None
        report = grade_answer(attempt.answer, rubric, parent_report, attempt.parent_attempt_id is not None)
        store.update_score(attempt.id, report)
        new_reports[attempt.id] = report
        yield Rescored(attempt, report)
