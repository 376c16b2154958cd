"""A finding of `rubrics check`: one problem in one file, at a line and column, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

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


def mark_of(node: yaml.Node | None, loc: tuple[object, ...], key_line: bool = False) -> tuple[int | None, int | None]:
    """(line, column), 1-based, of the value at `loc` in a YAML node tree (of its key with `key_line`).

    Stops at the deepest node that exists, so a missing field points at its parent.
    """
    if node is None:
        return None, None
    current = node
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == str(part):
                    if last and key_line:
                        return key_node.start_mark.line + 1, key_node.start_mark.column + 1
                    current = value_node
                    break
            else:
                break
        elif isinstance(current, yaml.SequenceNode) and isinstance(part, int) and part < len(current.value):
            current = current.value[part]
        else:
            break
    return current.start_mark.line + 1, current.start_mark.column + 1
