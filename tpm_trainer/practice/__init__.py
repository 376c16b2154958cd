"""Practice that adapts: spaced repetition rated from scores (FSRS), weak-concept drills, and the
per-question best/latest/trend, and the series of the progress charts.

Core only: no Textual, no command line. See docs/practice.md.
"""

from .drills import DrillItem, WeakConcept, drill_items, weak_concepts
from .due import DueList, due_list
from .queries import (
    QuestionRecord,
    ScorePoint,
    answered_question_ids,
    concept_misses,
    question_records,
    record_hints,
    score_points,
)
from .rating import rating_for
from .schedule import Review, ScheduledQuestion, build_schedule, make_scheduler

__all__ = [
    "DrillItem",
    "DueList",
    "QuestionRecord",
    "Review",
    "ScheduledQuestion",
    "ScorePoint",
    "WeakConcept",
    "answered_question_ids",
    "build_schedule",
    "concept_misses",
    "drill_items",
    "due_list",
    "make_scheduler",
    "question_records",
    "rating_for",
    "record_hints",
    "score_points",
    "weak_concepts",
]
