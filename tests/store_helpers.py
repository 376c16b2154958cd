"""Helpers for the storage tests: child processes that write, hold locks, or lack permissions."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from .conftest import FIXTURE_BANK, REPO_ROOT

FIXTURE_ARGS = ["--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(FIXTURE_BANK / "rubrics")]
GOOD_ANSWER = "A canary first, then waves, watching the error rate, and we roll back if it rises."


def python(code: str) -> list[str]:
    """A command running `code` with this interpreter, from the repository root."""
    return [sys.executable, "-c", textwrap.dedent(code)]


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


def cli_saver_code(db: Path, count: int, tag: str) -> str:
    """A process saving `count` answers through the command line (click's runner, in-process)."""
    return f"""
        from click.testing import CliRunner
        from tpm_trainer.cli import main
        runner = CliRunner()
        failures = 0
        for number in range({count}):
            result = runner.invoke(main, ["--db", {str(db)!r}, *{FIXTURE_ARGS!r}, "score", "fx-rollout", "-", "--save"],
                                   input={GOOD_ANSWER!r} + " {tag} " + str(number))
            if result.exit_code != 0:
                failures += 1
                print(result.output)
        raise SystemExit(1 if failures else 0)
    """


def library_saver_code(db: Path, count: int, tag: str) -> str:
    """A process saving `count` answers through the library."""
    return f"""
        from tpm_trainer.store import Store, now_iso
        store = Store.open({str(db)!r})
        for number in range({count}):
            store.save_attempt(question_id="fx-rollout", category="rollouts", answer="{tag} " + str(number),
                               started_at=now_iso(), ended_at=now_iso(), mode="practice", report=None)
        store.close()
    """


def lock_holder(
    db: Path, release: str, statement: str = "insert into settings (key, value_json) values ('holder', '1')"
) -> subprocess.Popen[str]:
    """A process that takes the database's write lock, runs `statement` in it, prints `locked`, and
    holds the lock until `release` happens: `stdin` (a line on its standard input) or a number of
    seconds."""
    wait = "sys.stdin.readline()" if release == "stdin" else f"time.sleep({float(release)})"
    code = f"""
        import sqlite3, sys, time
        connection = sqlite3.connect({str(db)!r}, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute({statement!r})
        print("locked", flush=True)
        {wait}
        connection.execute("ROLLBACK")
        connection.close()
    """
    holder = subprocess.Popen(
        python(code), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env(), cwd=REPO_ROOT
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


def without_file_permissions() -> list[str] | None:
    """A command prefix under which file permissions apply (root loses its override), or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search,-fowner"
    return [setpriv, f"--bounding-set={caps}", f"--inh-caps={caps}"]


def run_cli(prefix: list[str], *args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The real command (`python -m tpm_trainer`) with `args`, under `prefix`."""
    return subprocess.run(
        [*prefix, sys.executable, "-m", "tpm_trainer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=child_env(**env),
        cwd=REPO_ROOT,
        timeout=120,
    )
