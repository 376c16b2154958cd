"""Run a rubric's calibration examples through the real scorer and report those that miss."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Calibration, Question, Rubric, ScoreReport
from .scoring import score_answer
from .scoring.topics import TopicIndex


@dataclass(frozen=True)
class CalibrationResult:
    """One calibration example and what the scorer made of it."""

    question_id: str
    """The question the rubric grades."""
    index: int
    """Position of the example in the rubric's `calibration` list."""
    example: Calibration
    """The example itself."""
    report: ScoreReport
    """What the scorer made of it."""

    @property
    def passed(self) -> bool:
        """Whether the report has the example's band and lies in its score range."""
        if self.example.band is not None and self.report.band != self.example.band:
            return False
        if self.example.score is not None:
            low, high = self.example.score
            return low <= self.report.score <= high
        return True

    def describe(self) -> str:
        """One line: what was expected, what came out, which concepts and caps."""
        expected = []
        if self.example.band is not None:
            expected.append(f"band {self.example.band}")
        if self.example.score is not None:
            expected.append(f"score {self.example.score[0]:g}-{self.example.score[1]:g}")
        hits = ", ".join(concept.id for concept in self.report.hits) or "none"
        flags = ", ".join(flag.id for flag in self.report.red_flags)
        capped = f" (capped: {', '.join(cap.kind for cap in self.report.caps)})" if self.report.band_capped else ""
        text = (
            f"calibration.{self.index}: expected {' and '.join(expected)}, got {self.report.score:g} "
            f"{self.report.band}{capped}; hits: {hits}"
        )
        return text + (f"; red flags: {flags}" if flags else "")


def run_calibration(
    rubric: Rubric, question: Question | None = None, topics: TopicIndex | None = None
) -> list[CalibrationResult]:
    """Score every calibration example of `rubric` as the app scores a candidate's answer: with the question
    (its prompt's scenario words) and the bank's `topics` (concepts said in other words, another question's
    answer), when given."""
    return [
        CalibrationResult(rubric.question, index, example, score_answer(example.answer, rubric, question, topics))
        for index, example in enumerate(rubric.calibration)
    ]
