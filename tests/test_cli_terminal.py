"""The installed command on a real terminal (a pseudo-terminal), where click's runner cannot go."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

from .conftest import FIXTURE_BANK


def test_score_from_a_terminal_says_how_to_finish_the_answer(tmp_path):
    """`score ID` with no file reads the keyboard: it must say so, not wait on a blank screen."""
    leader, follower = pty.openpty()
    env = {**os.environ, "TPM_TRAINER_DB": str(tmp_path / "h.db")}
    command = [
        sys.executable,
        "-m",
        "tpm_trainer",
        "--bank",
        str(FIXTURE_BANK / "questions"),
        "--rubrics",
        str(FIXTURE_BANK / "rubrics"),
        "score",
        "fx-rollout",
    ]
    with subprocess.Popen(command, stdin=follower, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
        os.close(follower)
        os.write(leader, b"A canary first, then waves.\n\x04")
        out, err = process.communicate(timeout=120)
    os.close(leader)
    assert "press ctrl+d" in err.decode()
    assert process.returncode == 0, err.decode()
    assert "Score" in out.decode()


def test_score_from_a_pipe_prints_no_typing_prompt(tmp_path):
    env = {**os.environ, "TPM_TRAINER_DB": str(tmp_path / "h.db")}
    command = [sys.executable, "-m", "tpm_trainer", "--bank", str(FIXTURE_BANK / "questions")]
    command += ["--rubrics", str(FIXTURE_BANK / "rubrics"), "score", "fx-rollout"]
    result = subprocess.run(command, input=b"A canary first.", capture_output=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
