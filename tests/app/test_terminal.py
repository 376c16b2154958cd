"""A real terminal: run the installed `tpm-trainer` command under tmux, answer, read the score,
then kill -9 mid-answer and find the autosaved text again on the next start."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from trainer_helpers import FIXTURES

TMUX = shutil.which("tmux") or ("/usr/bin/tmux" if Path("/usr/bin/tmux").exists() else None)
COMMAND = Path(sys.executable).parent / "tpm-trainer"
DEADLINE = 30.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed, so the real-terminal test cannot run"),
    pytest.mark.skipif(not COMMAND.exists(), reason=f"the tpm-trainer command is not installed at {COMMAND}"),
]


class Tmux:
    """One tmux server on a private socket, so the user's sessions are never touched."""

    def __init__(self) -> None:
        self.socket = f"tpm-test-{uuid.uuid4().hex[:8]}"

    def run(self, *args: str, check: bool = True) -> str:
        result = subprocess.run([TMUX, "-L", self.socket, *args], capture_output=True, text=True, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def start(self, name: str, command: str) -> None:
        self.run("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name, check=False)

    def wait_for(self, name: str, pattern: str, deadline: float = DEADLINE) -> str:
        end = time.monotonic() + deadline
        text = ""
        while time.monotonic() < end:
            text = self.screen(name)
            if re.search(pattern, text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"`{pattern}` did not appear within {deadline}s; the screen shows:\n{text}")

    def keys(self, name: str, *keys: str) -> None:
        self.run("send-keys", "-t", name, *keys)

    def type(self, name: str, text: str) -> None:
        self.run("send-keys", "-t", name, "-l", text)

    def close(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def tmux():
    server = Tmux()
    yield server
    server.close()


def launch(tmp_path: Path, db: Path, pid_file: Path, *args: str) -> str:
    """A shell line that records the command's pid and runs it on the fixture bank."""
    command = [
        str(COMMAND),
        "--db",
        str(db),
        "--bank",
        str(FIXTURES / "questions"),
        "--rubrics",
        str(FIXTURES / "rubrics"),
        *args,
    ]
    env = f"TPM_TRAINER_DB={shlex.quote(str(db))} HOME={shlex.quote(str(tmp_path))}"
    return f"sh -c {shlex.quote(f'echo $$ > {pid_file}; exec env {env} ' + shlex.join(command))}"


def draft_texts(db: Path) -> list[str]:
    if not db.exists():
        return []
    try:
        connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return [row[0] for row in connection.execute("select answer from drafts")]
        finally:
            connection.close()
    except sqlite3.Error:
        return []


def test_answer_score_then_kill_and_resume(tmux, tmp_path):
    db = tmp_path / "terminal.db"
    pid_file = tmp_path / "pid"

    # 1. answer a question, submit with ctrl+s, skip the follow-up, read the score
    tmux.start("one", launch(tmp_path, db, pid_file, "interview", "--question", "fleet-rollout"))
    tmux.wait_for("one", r"0 words")
    tmux.type("one", "Start with a canary, roll out in waves, watch health checks and roll back on errors.")
    tmux.wait_for("one", r"watch health checks")
    tmux.keys("one", "C-s")
    tmux.wait_for("one", r"Interviewer follow-up")
    tmux.keys("one", "C-n")
    screen = tmux.wait_for("one", r"\d+/100")
    score = int(re.search(r"(\d+)/100", screen).group(1))
    assert 0 <= score <= 100
    assert "Covered" in tmux.wait_for("one", r"Covered")
    tmux.keys("one", "C-q")

    # 2. start again, type, wait until the autosave reached the database, then kill -9
    pid_file.unlink(missing_ok=True)
    tmux.start("two", launch(tmp_path, db, pid_file, "interview", "--question", "missed-deadline"))
    tmux.wait_for("two", r"0 words")
    typed = "We missed the date by two weeks and I raised it early"
    tmux.type("two", typed)
    tmux.wait_for("two", r"raised it early")
    end = time.monotonic() + DEADLINE
    while typed not in draft_texts(db):
        assert time.monotonic() < end, "the draft was not autosaved in time"
        time.sleep(0.2)
    pid = int(pid_file.read_text().strip())
    os.kill(pid, signal.SIGKILL)
    end = time.monotonic() + DEADLINE
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < end, "the killed process did not end"
        time.sleep(0.05)

    # 3. the same command with the same database offers the draft; resuming shows the text
    tmux.start("three", launch(tmp_path, db, pid_file, "interview", "--question", "missed-deadline"))
    tmux.wait_for("three", r"Unfinished answer")
    tmux.keys("three", "Enter")
    screen = tmux.wait_for("three", r"raised it early")
    assert "We missed the date by two weeks" in screen
    assert re.search(r"1[0-9] words", screen)
    tmux.keys("three", "C-q")
