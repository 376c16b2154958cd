"""A finding of `rubrics check`: one problem in one file, at a line and column, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..bank import Problem
from ..textsafe import for_terminal


@dataclass(frozen=True)
class Finding:
    """One thing wrong (`error`), probably wrong (`warning`) or worth knowing (`notice`) in a file."""

    file: Path
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None
    severity: str = "error"
    suggestion: str = ""
    choices: tuple[str, ...] = ()
    """The valid values, listed after the message when there are few enough to read."""

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: " + (f"{self.field}: " if self.field else "") + self.message
        if self.suggestion:
            text += f" (did you mean `{self.suggestion}`?)"
        if self.choices:
            shown = ", ".join(f"`{choice}`" for choice in self.choices[:12])
            more = f" and {len(self.choices) - 12} more" if len(self.choices) > 12 else ""
            text += f"; valid: {shown}{more}"
        return for_terminal(text)  # messages quote the file, which may hold escape sequences

    @classmethod
    def from_problem(cls, problem: Problem) -> Finding:
        return cls(
            problem.file, problem.message, problem.field, problem.line, None, problem.severity, problem.suggestion
        )
