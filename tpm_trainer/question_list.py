"""The question list that `tpm-trainer questions` prints, and what it needs of the bank.

It is kept apart from the pydantic models so that the bank cache can hold it as plain JSON and a
listing from a fresh cache needs neither the models nor validating the bank (see `bank_cache`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from .bank import Bank

DIFFICULTIES = ("easy", "medium", "hard")


class ListedQuestion(NamedTuple):
    """What the list shows of one question."""

    id: str
    category: str
    difficulty: str
    time_limit_minutes: float
    title: str
    has_rubric: bool


@dataclass(frozen=True)
class QuestionList:
    """The bank's questions in listing order (`Bank.sorted_questions`), and the file of each error found
    while loading it (one entry per error, for the warning under the list)."""

    questions: tuple[ListedQuestion, ...]
    error_files: tuple[str, ...]

    @classmethod
    def of(cls, bank: Bank) -> QuestionList:
        listed = tuple(
            ListedQuestion(q.id, q.category, q.difficulty, q.time_limit_minutes, q.title, q.id in bank.rubrics)
            for q in bank.sorted_questions()
        )
        return cls(listed, tuple(str(problem.file) for problem in bank.errors))

    def categories(self) -> list[str]:
        return sorted({question.category for question in self.questions})

    def in_category(self, category: str | None) -> list[ListedQuestion]:
        return [q for q in self.questions if category is None or q.category == category]

    def to_json(self) -> dict[str, Any]:
        return {"questions": [list(question) for question in self.questions], "error_files": list(self.error_files)}

    @classmethod
    def from_json(cls, data: object) -> QuestionList:
        """The list `to_json` wrote; ValueError for anything else (a wrong shape or type)."""
        if not isinstance(data, dict) or set(data) != {"questions", "error_files"}:
            raise ValueError("not a question list")
        questions, error_files = data["questions"], data["error_files"]
        if not isinstance(questions, list) or not isinstance(error_files, list):
            raise ValueError("not a question list")
        if not all(isinstance(name, str) for name in error_files):
            raise ValueError("an error's file is not text")
        return cls(tuple(_listed(item) for item in questions), tuple(error_files))


def _listed(item: object) -> ListedQuestion:
    if not isinstance(item, list) or len(item) != len(ListedQuestion._fields):
        raise ValueError("a listed question has the wrong shape")
    question_id, category, difficulty, minutes, title, has_rubric = item
    texts_ok = all(isinstance(text, str) for text in (question_id, category, title))
    minutes_ok = isinstance(minutes, int | float) and not isinstance(minutes, bool)
    if not texts_ok or difficulty not in DIFFICULTIES or not minutes_ok or not isinstance(has_rubric, bool):
        raise ValueError("a listed question has a field of the wrong type")
    return ListedQuestion(question_id, category, difficulty, float(minutes), title, has_rubric)


def table_rows(questions: list[ListedQuestion]) -> list[list[str]]:
    """The cells of the `questions` table, one row per question."""
    return [
        [
            q.id,
            q.category,
            q.difficulty,
            f"{q.time_limit_minutes:g}m",
            "yes" if q.has_rubric else "no",
            q.title[:50],
        ]
        for q in questions
    ]
