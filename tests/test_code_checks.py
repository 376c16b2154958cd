"""The house rules CI enforces: formatting, lint, types and the import contracts (pyproject.toml).

They run inside the test suite so that the README's single test command checks them all.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKS = {
    "ruff format": ["ruff", "format", "--check", "."],
    "ruff check": ["ruff", "check", "."],
    "mypy": [sys.executable, "-m", "mypy"],
    "import contracts": ["lint-imports"],
}


def _tool(command: list[str]) -> list[str]:
    if command[0] == sys.executable:
        return command
    found = shutil.which(command[0], path=str(Path(sys.executable).parent)) or shutil.which(command[0])
    assert found, f"{command[0]} is not installed: pip install -e '.[dev]'"
    return [found, *command[1:]]


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_house_check_passes(name: str) -> None:
    result = subprocess.run(_tool(CHECKS[name]), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{name} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
