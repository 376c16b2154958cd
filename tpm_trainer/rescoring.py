"""Find stored attempts scored with an older rubric or scorer, and score them again.

Planning reads only the id, question, parent, rubric-hash and scorer-version columns (plus, for
follow-ups, the parent's missed concept ids from the concept rows), and computes each grading
rubric's hash once. A follow-up answer is graded on what its main answer missed, so it is re-scored
after its main answer, against the main answer's new report. Re-scoring loads one attempt at a
time and writes in short transactions (a killed run leaves no half-updated row), with the
compiled-rubric cache sized to the run's working set. The report being replaced is kept in the
attempt's report history (in the same transaction), and each new report names the rubric file
that produced it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .bank import Bank
from .mentor.history import archive_report
from .mentor.provenance import rubric_source, stamp_report, stored_sources
from .mentor.schema import ensure_mentor_schema
from .models import ConceptResult, Question, Rubric, ScoreReport
from .scoring import SCORER_VERSION, follow_up_rubric, rubric_hash, score_answer
from .scoring import score as scoring_engine
from .store import Attempt, Store

WRITE_BATCH = 100
"""Attempts re-scored per write transaction: short enough that other saves wait little."""


@dataclass(frozen=True)
class PlannedRescore:
    """One attempt to score again (columns only; the answer is read when it is re-scored)."""

    id: int
    question_id: str
    parent_attempt_id: int | None


@dataclass(frozen=True)
class Rescored:
    attempt: Attempt
    report: ScoreReport

    @property
    def changed(self) -> bool:
        return self.attempt.score != self.report.score


def source_changes(store: Store, bank: Bank, attempts: list[PlannedRescore]) -> list[tuple[PlannedRescore, str, str]]:
    """Planned attempts whose report came from another rubric file than the one the bank now holds,
    with the old and the new file (a mentor re-scoring without their `--rubrics` folder, for instance)."""
    old_sources = stored_sources(store.db, (item.id for item in attempts))
    changes: list[tuple[PlannedRescore, str, str]] = []
    for item in attempts:
        old = old_sources.get(item.id, "")
        new = rubric_source(bank, item.question_id)
        if old and new and old != new:
            changes.append((item, old, new))
    return changes


class RescorePlan(list[PlannedRescore]):
    """The attempts to re-score, oldest first, and how many distinct grading rubrics they need."""

    rubric_count: int = 0


def _misses_only(missed: tuple[str, ...]) -> ScoreReport:
    """A report carrying only which concepts a main answer missed: all `follow_up_rubric` reads."""
    # Lists given explicitly: model_construct would otherwise inspect each default factory (slow).
    return ScoreReport.model_construct(
        concepts=[
            ConceptResult.model_construct(id=concept_id, kind="concept", hit=False, negated=[]) for concept_id in missed
        ],
        groups=[],
        red_flags=[],
    )


class _GradingRubrics:
    """Grading rubrics and their hashes, each built once per (question, missed concepts)."""

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._rubrics: dict[tuple[str, tuple[str, ...] | None], Rubric | None] = {}
        self._hashes: dict[tuple[str, tuple[str, ...] | None], str | None] = {}

    def rubric(self, question_id: str, missed: tuple[str, ...] | None) -> Rubric | None:
        """`missed` None: a main answer (the whole rubric); else a follow-up to a main answer that
        missed those concept ids."""
        key = (question_id, missed)
        if key not in self._rubrics:
            base = self.bank.rubric_for(question_id)
            if base is None or missed is None:
                self._rubrics[key] = base
            else:
                self._rubrics[key] = follow_up_rubric(base, _misses_only(missed))
        return self._rubrics[key]

    def hash(self, question_id: str, missed: tuple[str, ...] | None) -> str | None:
        key = (question_id, missed)
        if key not in self._hashes:
            rubric = self.rubric(question_id, missed)
            self._hashes[key] = rubric_hash(rubric) if rubric is not None else None
        return self._hashes[key]

    def __len__(self) -> int:
        return len(self._rubrics)


def _question_for_scoring(bank: Bank, question_id: str, missed: tuple[str, ...] | None) -> Question | None:
    """The question a main answer is scored with (its scenario anchors); a follow-up answers another prompt."""
    return bank.questions.get(question_id) if missed is None else None


def plan_rescore(store: Store, bank: Bank, everything: bool = False) -> RescorePlan:
    """Attempts whose stored score no longer matches their rubric or the scorer (or all, with
    `everything`), oldest first, so main answers come before their follow-ups."""
    rows = store.plan_columns()
    parents_to_check = {int(row[2]) for row in rows if row[2] is not None}
    missed = store.missed_concept_ids(parents_to_check) if not everything else {}
    rubrics = _GradingRubrics(bank)
    plan = RescorePlan()
    stale_ids: set[int] = set()
    has_rubric: dict[str, bool] = {}
    for attempt_id, question_id, parent_id, stored_hash, scorer_version in rows:
        if question_id not in has_rubric:
            has_rubric[question_id] = bank.rubric_for(question_id) is not None
        if not has_rubric[question_id]:
            continue
        if parent_id is None:
            expected_key: tuple[str, ...] | None = None
        else:
            expected_key = tuple(sorted(missed.get(int(parent_id), [])))
        if (
            everything
            or parent_id in stale_ids
            or scorer_version != SCORER_VERSION
            or stored_hash != rubrics.hash(question_id, expected_key)
        ):
            plan.append(PlannedRescore(int(attempt_id), str(question_id), parent_id))
            stale_ids.add(int(attempt_id))
    plan.rubric_count = len(rubrics) if not everything else len({item.question_id for item in plan}) + len(plan) // 2
    return plan


def rescore(store: Store, bank: Bank, attempts: list[PlannedRescore]) -> Iterator[Rescored]:
    """Score each attempt again and store the new report; yields as it goes (for a progress bar)."""
    parents = {item.parent_attempt_id for item in attempts if item.parent_attempt_id is not None}
    new_reports: dict[int, ScoreReport] = {}
    ensure_mentor_schema(store.db)  # the report history table, before the first write transaction
    rubrics = _GradingRubrics(bank)
    working_set = getattr(attempts, "rubric_count", 0) or len(attempts)
    previous_size = scoring_engine._CACHE_SIZE
    scoring_engine._CACHE_SIZE = max(previous_size, working_set + 64)
    try:
        for start in range(0, len(attempts), WRITE_BATCH):
            batch: list[Rescored] = []
            for item in attempts[start : start + WRITE_BATCH]:
                attempt = store.attempt(item.id)
                if attempt is None:
                    continue
                missed: tuple[str, ...] | None = None
                if attempt.parent_attempt_id is not None:
                    parent_report = new_reports.get(attempt.parent_attempt_id) or store.attempt_report(
                        attempt.parent_attempt_id
                    )
                    missed = () if parent_report is None else _missed_ids(parent_report)
                rubric = rubrics.rubric(attempt.question_id, missed)
                if rubric is None:
                    continue
                question = _question_for_scoring(bank, attempt.question_id, missed)
                report = stamp_report(score_answer(attempt.answer, rubric, question, bank.topics), bank)
                if attempt.id in parents:
                    new_reports[attempt.id] = report
                batch.append(Rescored(attempt, report))
            with store.write():
                for result in batch:
                    archive_report(store.db, result.attempt)  # the earlier report stays in the history
                    store.update_score(result.attempt.id, result.report)
            yield from batch
    finally:
        scoring_engine._CACHE_SIZE = previous_size


def _missed_ids(report: ScoreReport) -> tuple[str, ...]:
    return tuple(sorted(concept.id for concept in report.misses if concept.kind == "concept"))
