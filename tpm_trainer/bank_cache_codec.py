"""The bank as lines of a bank cache file, written and read back through the pydantic models.

One line holds the questions, the files they came from and the problems found (fields equal to their
defaults left out); then one line per rubric: its question id as JSON, a tab, the rubric as JSON. The
questions are validated when read; each rubric when it is first used (`RubricTable`). `bank_cache`
adds the header and the question list, and checks the file before handing its lines here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .bank import Bank, Problem, RubricTable
from .models import Question

if TYPE_CHECKING:
    from pydantic import TypeAdapter


@dataclass
class _CachedBank:
    """What the bank line holds: the bank without its rubrics."""

    questions: dict[str, Question]
    question_files: dict[str, Path]
    rubric_files: dict[str, Path]
    problems: list[Problem]


@lru_cache(maxsize=1)
def _bank_adapter() -> TypeAdapter[_CachedBank]:
    """Reads and writes the bank line as JSON through the models (built on first use: a few ms)."""
    from pydantic import TypeAdapter

    return TypeAdapter(_CachedBank)


def encode_bank(bank: Bank) -> bytes:
    """The bank line, then one line per rubric."""
    cached = _CachedBank(bank.questions, bank.question_files, bank.rubric_files, bank.problems)
    lines = [_bank_adapter().dump_json(cached, exclude_defaults=True)]  # defaults come back on reading
    lines.extend(
        json.dumps(question_id).encode() + b"\t" + rubric.model_dump_json(exclude_defaults=True).encode()
        for question_id, rubric in bank.rubrics.items()
    )
    return b"\n".join(lines)  # JSON escapes newlines and tabs inside strings, so lines stay whole


def decode_bank(lines: bytes) -> Bank:
    """The bank that `encode_bank` wrote; ValueError when the lines do not validate or cannot be read."""
    from pydantic import ValidationError

    head, *rubric_lines = lines.split(b"\n")
    try:
        cached = _bank_adapter().validate_json(head)
    except ValidationError as error:
        raise ValueError(f"the cached bank does not validate ({error.error_count()} error(s))") from None
    encoded: dict[str, bytes] = {}
    for line in rubric_lines:
        question_id, tab, rubric_json = line.partition(b"\t")
        try:
            question_id_text = json.loads(question_id)
        except ValueError:
            question_id_text = None
        if not tab or not isinstance(question_id_text, str):
            raise ValueError("the cache file has an unreadable rubric line")
        encoded[question_id_text] = rubric_json
    return Bank(
        questions=cached.questions,
        rubrics=RubricTable(encoded=encoded),
        question_files=cached.question_files,
        rubric_files=cached.rubric_files,
        problems=cached.problems,
    )
