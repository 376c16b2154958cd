"""How well a rubric agrees with a mentor's own grades.

Every attempt with a mentor grade is scored again with the current rubric. Agreement is measured on
bands (the rubric's bands, lowest to highest, as ordinal categories; the mentor's score is put in a band
with the same rubric's thresholds): quadratic weighted kappa, exact and adjacent band agreement, and the
mean absolute score difference. Disagreements are explained by concepts: those hit in answers the rubric
graded above the mentor (phrases perhaps too loose) and those missed in answers it graded below (phrases
perhaps too narrow, or a concept the mentor does not require).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..bank import Bank
from ..models import Rubric, ScoreReport
from ..scoring import follow_up_rubric, score_answer
from ..store import Store
from .grades import latest_grades
from .origin import band_for_score, candidate_of


def quadratic_weighted_kappa(rater_a: Sequence[int], rater_b: Sequence[int], categories: int) -> float | None:
    """Cohen's kappa with quadratic weights for two raters' ordinal ratings in 0..categories-1.

    1 is perfect agreement, 0 what chance gives, negative worse than chance; None when undefined (no
    ratings, or both raters always gave one and the same rating).
    """
    count = len(rater_a)
    if count == 0 or count != len(rater_b) or categories < 2:
        return None
    observed = [[0.0] * categories for _ in range(categories)]
    for a, b in zip(rater_a, rater_b, strict=True):
        observed[a][b] += 1
    totals_a = [sum(row) for row in observed]
    totals_b = [sum(observed[i][j] for i in range(categories)) for j in range(categories)]
    disagreement_observed = 0.0
    disagreement_expected = 0.0
    for i in range(categories):
        for j in range(categories):
            weight = (i - j) ** 2 / (categories - 1) ** 2
            disagreement_observed += weight * observed[i][j]
            disagreement_expected += weight * totals_a[i] * totals_b[j] / count
    if disagreement_expected == 0:  # both raters used one and the same rating throughout
        return None
    return 1.0 - disagreement_observed / disagreement_expected


@dataclass(frozen=True)
class GradedAttempt:
    """One attempt with the mentor's grade and the current rubric's report."""

    attempt_id: int
    question_id: str
    candidate: str
    mentor_score: float
    mentor_band: str
    rubric_score: float
    rubric_band: str
    band_gap: int
    """Rubric band index minus mentor band index (positive: the rubric graded higher)."""
    hits: tuple[str, ...]
    misses: tuple[str, ...]


@dataclass(frozen=True)
class ConceptInfluence:
    """A concept that shows up in disagreements."""

    question_id: str
    concept_id: str
    label: str
    direction: str
    """`over`: hit in answers the rubric graded above the mentor; `under`: missed in answers graded below."""
    count: int
    of: int


@dataclass
class AgreementReport:
    """Agreement between the current rubrics and the mentor's grades."""

    attempts: list[GradedAttempt] = field(default_factory=list)
    kappa: float | None = None
    exact: float | None = None
    adjacent: float | None = None
    mean_absolute_difference: float | None = None
    concepts: list[ConceptInfluence] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Graded attempts that could not be re-scored, with the reason."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "measured_on": "bands (ordinal, lowest to highest, the rubric's thresholds applied to both scores)",
            "graded_attempts": len(self.attempts),
            "quadratic_weighted_kappa": self.kappa,
            "exact_band_agreement": self.exact,
            "adjacent_band_agreement": self.adjacent,
            "mean_absolute_score_difference": self.mean_absolute_difference,
            "concepts": [concept.__dict__ for concept in self.concepts],
            "attempts": [attempt.__dict__ for attempt in self.attempts],
            "skipped": self.skipped,
        }


def _grading_rubric(store: Store, rubric: Rubric, parent_attempt_id: int | None) -> Rubric:
    if parent_attempt_id is None:
        return rubric
    parent = store.attempt(parent_attempt_id)
    parent_report: ScoreReport | None = parent.report if parent is not None else None
    return follow_up_rubric(rubric, parent_report) if parent_report is not None else rubric


def measure_agreement(store: Store, bank: Bank, question_id: str | None = None, top: int = 5) -> AgreementReport:
    """Re-score every graded attempt (of one question, or all) and compare with the mentor's grades."""
    report = AgreementReport()
    labels: dict[tuple[str, str], str] = {}
    mentor_indices: list[int] = []
    rubric_indices: list[int] = []
    for attempt_id, grade in sorted(latest_grades(store.db).items()):
        attempt = store.attempt(attempt_id)
        if attempt is None or (question_id and attempt.question_id != question_id):
            continue
        rubric = bank.rubric_for(attempt.question_id)
        if rubric is None:
            report.skipped.append(f"attempt {attempt_id}: question `{attempt.question_id}` has no rubric")
            continue
        scored = score_answer(attempt.answer, _grading_rubric(store, rubric, attempt.parent_attempt_id))
        ordered = [band.label for band in sorted(rubric.bands, key=lambda band: band.min_score)]
        mentor_band = band_for_score(rubric.bands, grade.score) or ordered[0]
        mentor_index, rubric_index = ordered.index(mentor_band), ordered.index(scored.band)
        # Bands are compared by rank from the top, so rubrics with different band counts still line up.
        mentor_indices.append(len(ordered) - 1 - mentor_index)
        rubric_indices.append(len(ordered) - 1 - rubric_index)
        for concept in scored.concepts:
            labels[(attempt.question_id, concept.id)] = concept.label
        report.attempts.append(
            GradedAttempt(
                attempt_id=attempt_id,
                question_id=attempt.question_id,
                candidate=candidate_of(store.db, attempt_id),
                mentor_score=grade.score,
                mentor_band=mentor_band,
                rubric_score=scored.score,
                rubric_band=scored.band,
                band_gap=rubric_index - mentor_index,
                hits=tuple(concept.id for concept in scored.hits),
                misses=tuple(concept.id for concept in scored.misses),
            )
        )
    if not report.attempts:
        return report
    categories = max(max(mentor_indices), max(rubric_indices)) + 1
    report.kappa = quadratic_weighted_kappa(rubric_indices, mentor_indices, categories)
    gaps = [abs(attempt.band_gap) for attempt in report.attempts]
    report.exact = sum(gap == 0 for gap in gaps) / len(gaps)
    report.adjacent = sum(gap <= 1 for gap in gaps) / len(gaps)
    report.mean_absolute_difference = sum(abs(a.rubric_score - a.mentor_score) for a in report.attempts) / len(gaps)
    report.concepts = _influential_concepts(report.attempts, labels, top)
    return report


def _influential_concepts(
    attempts: list[GradedAttempt], labels: dict[tuple[str, str], str], top: int
) -> list[ConceptInfluence]:
    over = [attempt for attempt in attempts if attempt.band_gap > 0]
    under = [attempt for attempt in attempts if attempt.band_gap < 0]
    found: list[ConceptInfluence] = []
    for direction, group, pick in (("over", over, "hits"), ("under", under, "misses")):
        counts: Counter[tuple[str, str]] = Counter()
        totals: Counter[str] = Counter(attempt.question_id for attempt in group)
        for attempt in group:
            for concept_id in getattr(attempt, pick):
                counts[(attempt.question_id, concept_id)] += 1
        for (question, concept_id), count in counts.items():
            found.append(
                ConceptInfluence(
                    question, concept_id, labels.get((question, concept_id), ""), direction, count, totals[question]
                )
            )
    found.sort(key=lambda item: (-item.count / item.of, -item.count, item.question_id, item.concept_id))
    return found[:top]
