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


def test_the_interactive_trainer_refuses_to_run_without_a_terminal(tmp_path):
    """Redirected, the app used to run on, drawing into the pipe at full CPU with no way to answer it."""
    db = tmp_path / "h.db"
    env = {key: value for key, value in os.environ.items() if key != "TEXTUAL_DRIVER"}
    base = [sys.executable, "-m", "tpm_trainer", "--db", str(db), "--bank", str(FIXTURE_BANK / "questions")]
    base += ["--rubrics", str(FIXTURE_BANK / "rubrics")]
    for args in ([], ["interview", "--question", "fx-rollout"]):
        result = subprocess.run(
            [*base, *args], stdin=subprocess.DEVNULL, capture_output=True, env=env, timeout=60, check=False
        )
        assert result.returncode == 1
        assert result.stdout == b""
        (line,) = result.stderr.decode().splitlines()
        assert line.startswith("tpm-trainer: the interactive trainer needs a terminal")
    assert not db.exists()  # nothing was opened, created or written
