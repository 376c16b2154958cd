"""Keep an answer that could not be saved, in a file the user can score and save again later."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from .paths import user_data_dir


def recovery_folder() -> Path:
    """`recovered/` in the user data folder (owner-only)."""
    return user_data_dir() / "recovered"


def keep_answer(question_id: str, answer: str) -> Path:
    """Write `answer` to a new owner-only file named after the question and the time; returns it."""
    folder = recovery_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    safe_id = re.sub(r"[^A-Za-z0-9_.-]", "_", question_id)[:80] or "answer"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    for number in range(1000):
        path = folder / f"{safe_id}-{stamp}{f'-{number}' if number else ''}.txt"
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(answer)
        return path
    raise OSError(f"{folder}: too many recovered answers for {question_id} this second")
