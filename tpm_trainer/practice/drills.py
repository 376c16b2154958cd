"""Weak-concept drills: the concepts a candidate misses most, and the questions that exercise them.

Misses are counted over main answers, across questions. Concepts that share a concept-lexicon family
(a rubric concept's `families:` field) count as one weak concept, named by the family; other concepts
are pooled by concept id, so `rollback` missed in three different rubrics is one weak concept missed
three times. A drill offers the questions whose rubric has that concept, with the concept's hint
before answering and the question's model answer after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..bank import Bank
from ..models import Concept, Question
from .queries import ConceptMisses

FAMILY_PREFIX = "family:"


def concept_key(concept: Concept) -> str:
    """The weak-concept key of a rubric concept: its first lexicon family, else its id."""
    families: list[str] = list(getattr(concept, "families", None) or [])
    return FAMILY_PREFIX + families[0] if families else concept.id


@dataclass
class WeakConcept:
    """One concept the candidate misses, pooled across questions."""

    key: str
    """A concept id, or `family:<id>` for a lexicon family."""
    label: str
    """The label shown (the most-missed rubric concept's label)."""
    misses: int = 0
    """Main answers that missed it."""
    checked: int = 0
    """Main answers whose rubric checked it."""
    question_ids: list[str] = field(default_factory=list)
    """Questions where it was missed, most misses first."""

    @property
    def miss_rate(self) -> float:
        return self.misses / self.checked if self.checked else 0.0

    def describe(self) -> str:
        """e.g. `Rollback plan: missed 4 of 5 answers, in 2 questions`."""
        count = len(self.question_ids)
        return (
            f"{self.label}: missed {self.misses} of {self.checked} answer{'s' if self.checked != 1 else ''}, "
            f"in {count} question{'s' if count != 1 else ''}"
        )


def weak_concepts(rows: Iterable[ConceptMisses], bank: Bank, limit: int = 10) -> list[WeakConcept]:
    """The concepts missed most (at least once), most misses first, then highest miss rate."""
    pooled: dict[str, WeakConcept] = {}
    per_question: dict[str, dict[str, int]] = {}
    label_misses: dict[str, int] = {}
    for row in rows:
        rubric = bank.rubric_for(row.question_id)
        concept = next((c for c in rubric.concepts if c.id == row.concept_id), None) if rubric else None
        key = concept_key(concept) if concept is not None else row.concept_id
        weak = pooled.setdefault(key, WeakConcept(key=key, label=row.label))
        weak.misses += row.misses
        weak.checked += row.checked
        if row.misses:
            counts = per_question.setdefault(key, {})
            counts[row.question_id] = counts.get(row.question_id, 0) + row.misses
            if row.misses > label_misses.get(key, 0):
                label_misses[key] = row.misses
                weak.label = concept.label if concept is not None else row.label
    result = [weak for weak in pooled.values() if weak.misses > 0]
    for weak in result:
        counts = per_question.get(weak.key, {})
        weak.question_ids = sorted(counts, key=lambda qid: (-counts[qid], qid))
    result.sort(key=lambda weak: (-weak.misses, -weak.miss_rate, weak.key))
    return result[:limit]


@dataclass(frozen=True)
class DrillItem:
    """One question of a drill, with the concept it exercises there."""

    question: Question
    concept: Concept

    @property
    def hint(self) -> str:
        return self.concept.hint


def drill_items(bank: Bank, key: str, missed_first: Iterable[str] = ()) -> list[DrillItem]:
    """Questions whose rubric has the concept `key` (a concept id or `family:<id>`): the ones where it
    was missed first (in the order given), then the others by id."""
    items: dict[str, DrillItem] = {}
    for question in bank.sorted_questions():
        rubric = bank.rubric_for(question.id)
        if rubric is None:
            continue
        for concept in rubric.concepts:
            families = list(getattr(concept, "families", None) or [])
            if concept.id == key or (key.startswith(FAMILY_PREFIX) and key[len(FAMILY_PREFIX) :] in families):
                items[question.id] = DrillItem(question=question, concept=concept)
                break
    order = [qid for qid in missed_first if qid in items]
    order += sorted(qid for qid in items if qid not in order)
    return [items[qid] for qid in order]
