"""Real-terminal checks under tmux for problems found in QA: what the user reads after the app closes."""

from __future__ import annotations

import shlex
import sqlite3
import time
from pathlib import Path

import pytest
from test_terminal import COMMAND, DEADLINE, TMUX, Tmux
from trainer_helpers import FIXTURES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed, so the real-terminal test cannot run"),
    pytest.mark.skipif(not COMMAND.exists(), reason=f"the tpm-trainer command is not installed at {COMMAND}"),
]


@pytest.fixture
def tmux():
    server = Tmux()
    yield server
    server.close()


def test_quit_with_the_database_locked_prints_where_the_answer_was_written(tmux, tmp_path):
    db = tmp_path / "locked.db"
    sqlite3.connect(db).close()
    command = shlex.join(
        [str(COMMAND), "--db", str(db), "--bank", str(FIXTURES / "questions"), "--rubrics", str(FIXTURES / "rubrics")]
        + ["interview", "--question", "missed-deadline"]
    )
    env = f"HOME={shlex.quote(str(tmp_path))} XDG_DATA_HOME={shlex.quote(str(tmp_path / 'data'))}"
    env += " TPM_TRAINER_BUSY_TIMEOUT=0.2"
    tmux.start("locked", f"sh -c {shlex.quote(f'env {env} {command}; echo EXITED $?; sleep 60')}")
    tmux.wait_for("locked", r"0 words")
    typed = "We slipped two weeks and I told the VP early"
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        tmux.type("locked", typed)
        tmux.wait_for("locked", "told the VP early")
        tmux.keys("locked", "C-q")
        tmux.wait_for("locked", r"Your answer is not saved")
        tmux.keys("locked", "w")
        end = time.monotonic() + DEADLINE
        while "EXITED" not in (screen := tmux.run("capture-pane", "-p", "-J", "-t", "locked", check=False)):
            assert time.monotonic() < end, f"the app did not close; the screen shows:\n{screen}"
            time.sleep(0.1)
    finally:
        blocker.rollback()
        blocker.close()
    (line,) = [text for text in screen.splitlines() if "written to" in text]
    written = line.split("written to ", 1)[1].strip()
    assert Path(written).read_text(encoding="utf-8") == typed
    assert "EXITED 0" in screen
