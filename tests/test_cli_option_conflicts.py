"""`interview` refuses options that contradict each other, in one line, instead of ignoring some."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--count", "3"], "--count"),
        (["--category", "rollouts"], "--category"),
        (["--count", "2", "--category", "rollouts"], "--count or --category"),
    ],
)
def test_interview_refuses_a_question_with_mock_options(tmp_path, extra, named):
    base = [
        "--db",
        str(tmp_path / "h.db"),
        "--bank",
        str(FIXTURE_BANK / "questions"),
        "--rubrics",
        str(FIXTURE_BANK / "rubrics"),
    ]
    result = CliRunner().invoke(main, [*base, "interview", "--question", "fx-rollout", *extra], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"cannot be combined with {named}" in lines[0]
    assert not (tmp_path / "h.db").exists()
