"""Commands that only read never create a database: a mistyped `--db` is named, not silently made."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK

READ_ONLY_COMMANDS = [["history"], ["show", "1"], ["export"], ["next"], ["doctor", "--check-only"]]


@pytest.mark.parametrize("command", READ_ONLY_COMMANDS, ids=" ".join)
def test_a_read_only_command_at_a_missing_path_creates_nothing_and_says_so(tmp_path, command):
    mistyped = tmp_path / "typo" / "dir" / "x.db"
    base = [
        "--db",
        str(mistyped),
        "--bank",
        str(FIXTURE_BANK / "questions"),
        "--rubrics",
        str(FIXTURE_BANK / "rubrics"),
    ]
    result = CliRunner().invoke(main, [*base, *command], catch_exceptions=False)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"tpm-trainer: no history at {mistyped} ")
    assert not (tmp_path / "typo").exists()


def test_questions_at_a_missing_path_lists_the_bank_and_creates_nothing(tmp_path):
    mistyped = tmp_path / "typo" / "x.db"
    result = CliRunner().invoke(main, ["--db", str(mistyped), "questions"], catch_exceptions=False)
    assert result.exit_code == 0 and "question(s)" in result.output
    assert not (tmp_path / "typo").exists()


def test_next_on_an_empty_history_points_a_new_user_at_the_trainer(tmp_path):
    from tpm_trainer.store import Store

    path = tmp_path / "history.db"
    Store.open(path).close()  # the database exists, nothing answered
    base = ["--db", str(path), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(FIXTURE_BANK / "rubrics")]
    result = CliRunner().invoke(main, [*base, "next"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.strip() == "nothing answered yet: start with `tpm-trainer` or `tpm-trainer interview`"
