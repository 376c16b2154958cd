"""The Bank of questions and rubrics, and the Problems found while loading it.

Reading and validating the files lives in `bank_loader.py`; every problem in every file is collected
(file, dotted field, line, message, "did you mean"), never raised one at a time, so one bad file does
not stop the good ones from loading.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .models import Question, Rubric
from .textsafe import for_terminal

if TYPE_CHECKING:
    from .scoring.topics import TopicIndex

MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth knowing) about one file."""

    file: Path
    message: str
    field: str = ""
    """Dotted path of the field, e.g. `concepts.2.phrases`; empty for the whole file."""
    line: int | None = None
    suggestion: str = ""
    """A "did you mean" replacement, when there is a likely one."""
    severity: str = "error"
    """`error` (the file or item is not used) or `notice` (informational, e.g. an override)."""

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.severity}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.suggestion:
            text += f" (did you mean `{self.suggestion}`?)"
        return for_terminal(text)  # fields and messages quote the file, which may hold escape sequences


class UnknownQuestionError(LookupError):
    """A question id that is not in the bank."""

    def __init__(self, question_id: str, suggestion: str | None) -> None:
        self.question_id = question_id
        self.suggestion = suggestion
        message = f"unknown question id `{question_id}`"
        if suggestion:
            message += f" (did you mean `{suggestion}`?)"
        else:
            message += " (run `tpm-trainer questions` to list them)"
        super().__init__(message)


class RubricTable(MutableMapping[str, Rubric]):
    """Rubrics by question id. Rubrics read from the bank cache stay as JSON until first used, so a
    command that lists questions does not pay for validating 132 rubrics."""

    def __init__(
        self, rubrics: Mapping[str, Rubric] | None = None, *, encoded: Mapping[str, bytes] | None = None
    ) -> None:
        self._rubrics: dict[str, Rubric] = dict(rubrics or {})
        self._encoded: dict[str, bytes] = dict(encoded or {})

    def __getitem__(self, question_id: str) -> Rubric:
        rubric = self._rubrics.get(question_id)
        if rubric is None:
            rubric = Rubric.model_validate_json(self._encoded[question_id])  # KeyError if unknown
            self._rubrics[question_id] = rubric
        return rubric

    def __setitem__(self, question_id: str, rubric: Rubric) -> None:
        self._encoded.pop(question_id, None)
        self._rubrics[question_id] = rubric

    def __delitem__(self, question_id: str) -> None:
        if question_id not in self:
            raise KeyError(question_id)
        self._encoded.pop(question_id, None)
        self._rubrics.pop(question_id, None)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._encoded or question_id in self._rubrics

    def __iter__(self) -> Iterator[str]:
        # A snapshot: reading a value decodes it, which must not disturb the iteration.
        order = list(self._encoded) + [question_id for question_id in self._rubrics if question_id not in self._encoded]
        return iter(order)

    def __len__(self) -> int:
        return len(self._encoded.keys() | self._rubrics.keys())

    def __repr__(self) -> str:
        return f"RubricTable({len(self)} rubrics)"


@dataclass
class Bank:
    """Questions and rubrics loaded from folders, with every problem found."""

    questions: dict[str, Question] = field(default_factory=dict)
    rubrics: RubricTable = field(default_factory=RubricTable)
    question_files: dict[str, Path] = field(default_factory=dict)
    rubric_files: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def question(self, question_id: str) -> Question:
        """The question with this id; raises UnknownQuestionError with a suggestion."""
        try:
            return self.questions[question_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(question_id, list(self.questions), n=1, cutoff=0.5)
            raise UnknownQuestionError(question_id, close[0] if close else None) from None

    def rubric_for(self, question_id: str) -> Rubric | None:
        return self.rubrics.get(question_id)

    @cached_property
    def topics(self) -> TopicIndex:
        """Every question with a rubric, as words the scorer compares an answer with to tell another
        question's answer (built on first use: it reads every rubric)."""
        from .scoring.topics import TopicIndex

        pairs = [(question, rubric) for question in self.questions.values() if (rubric := self.rubric_for(question.id))]
        return TopicIndex.from_questions(pairs)

    def categories(self) -> list[str]:
        return sorted({question.category for question in self.questions.values()})

    def sorted_questions(self, category: str | None = None) -> list[Question]:
        order = {"easy": 0, "medium": 1, "hard": 2}
        selected = [q for q in self.questions.values() if category is None or q.category == category]
        return sorted(selected, key=lambda q: (q.category, order[q.difficulty], q.id))


def load_bank(
    question_dirs: Iterable[Path],
    rubric_dirs: Iterable[Path],
    mentor_rubric_dirs: Iterable[Path] = (),
    trusted_rubric_dirs: Iterable[Path] = (),
) -> Bank:
    """Load and validate questions, then rubrics (see `bank_loader.load_bank`). Never raises for bad
    files: every problem lands in `Bank.problems`."""
    from .bank_loader import load_bank as read_and_validate

    return read_and_validate(question_dirs, rubric_dirs, mentor_rubric_dirs, trusted_rubric_dirs)
