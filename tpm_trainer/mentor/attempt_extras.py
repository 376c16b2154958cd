"""What the mentor's room adds wherever one attempt is shown: candidate, provenance, grades, past reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..store import Attempt, Store
from ..textsafe import for_markdown
from .grades import Grade, grades_for
from .history import PastReport, past_reports
from .origin import candidate_of
from .provenance import provenance_line


@dataclass(frozen=True)
class AttemptExtras:
    """The mentor-side facts about one attempt."""

    candidate: str
    provenance: str
    grades: list[Grade]
    past_reports: list[PastReport]

    def to_dict(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate,
            "provenance": self.provenance,
            "grades": [grade.to_dict() for grade in self.grades],
            "report_history": [report.to_dict() for report in self.past_reports],
        }


def attempt_extras(store: Store, attempt: Attempt) -> AttemptExtras:
    return AttemptExtras(
        candidate=candidate_of(store.db, attempt.id),
        provenance=provenance_line(attempt.report) if attempt.report is not None else "",
        grades=grades_for(store.db, attempt.id),
        past_reports=past_reports(store.db, attempt.id),
    )


def extras_lines(extras: AttemptExtras) -> list[str]:
    """Markdown lines for the end of an attempt's text view (imported text made inert: it may come from
    anyone's export)."""
    lines: list[str] = []
    if extras.candidate:
        lines.append(f"Candidate: {for_markdown(extras.candidate)}")
    if extras.provenance:
        lines.append(f"Scored with: {for_markdown(extras.provenance)}")
    if extras.grades:
        lines += ["", "## Mentor grades", ""]
        lines += [f"- {for_markdown(grade.describe())}" for grade in extras.grades]
    if extras.past_reports:
        lines += ["", "## Earlier reports", ""]
        lines += [f"- {for_markdown(report.describe())}" for report in extras.past_reports]
    return lines
