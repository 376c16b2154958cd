"""Writes that wait and never lose an answer; every storage error a user can meet is one clear line.

Real SQLite files, real child processes (concurrent writers, a process holding the write lock, a
process without permission overrides), the real command line.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main
from tpm_trainer.store import Store, StoreBusyError, StoreError, now_iso

from .conftest import REPO_ROOT
from .store_helpers import (
    FIXTURE_ARGS,
    GOOD_ANSWER,
    child_env,
    cli_saver_code,
    library_saver_code,
    lock_holder,
    python,
    run_cli,
    without_file_permissions,
)


def count_rows(db_path, table="attempts"):
    with sqlite3.connect(db_path) as connection:
        return connection.execute(f"select count(*) from {table}").fetchone()[0]


def cli(db_path, *args, input=None):
    return CliRunner().invoke(main, ["--db", str(db_path), *FIXTURE_ARGS, *args], input=input)


# -- writes that wait ----------------------------------------------------------------------------


def test_four_cli_and_four_library_writers_lose_no_row(db_path):
    Store.open(db_path).close()
    processes = [
        subprocess.Popen(python(cli_saver_code(db_path, 100, f"cli{n}")), env=child_env(), cwd=REPO_ROOT)
        for n in range(4)
    ] + [
        subprocess.Popen(python(library_saver_code(db_path, 100, f"lib{n}")), env=child_env(), cwd=REPO_ROOT)
        for n in range(4)
    ]
    codes = [process.wait(timeout=300) for process in processes]
    assert codes == [0] * 8
    assert count_rows(db_path) == 800
    assert count_rows(db_path, "attempt_reports") == 400  # the CLI's saves carry reports


def test_eight_processes_opening_a_new_database_at_once_all_succeed(tmp_path):
    db = tmp_path / "new.db"
    go = tmp_path / "go"
    code = f"""
        import os, time
        from tpm_trainer.store import Store, now_iso
        while not os.path.exists({str(go)!r}):
            time.sleep(0.001)
        store = Store.open({str(db)!r})
        store.save_attempt(question_id="q", category="c", answer="a", started_at=now_iso(), ended_at=now_iso(),
                           mode="practice", report=None)
        store.close()
    """
    processes = [subprocess.Popen(python(code), env=child_env(), cwd=REPO_ROOT) for _ in range(8)]
    go.touch()
    assert [process.wait(timeout=120) for process in processes] == [0] * 8
    assert count_rows(db) == 8
    with sqlite3.connect(db) as connection:
        names = [row[0] for row in connection.execute("select name from _sqlite_migrations")]
    assert len(names) == len(set(names))


def test_opening_a_new_database_waits_for_another_process_still_creating_it(tmp_path):
    # SQLite refuses the switch to WAL at once, without waiting, while another process holds the write
    # lock of a new file in its first journal mode; opening must wait for it as every write does
    db = tmp_path / "new.db"
    holder = lock_holder(db, "1", statement="create table other_process_first (x)")
    try:
        store = Store.open(db)
        store.save_attempt(
            question_id="q",
            category="c",
            answer="a",
            started_at=now_iso(),
            ended_at=now_iso(),
            mode="practice",
            report=None,
        )
        store.close()
    finally:
        holder.wait(timeout=30)
    assert count_rows(db) == 1
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_opening_a_database_locked_past_the_timeout_is_one_clear_error(tmp_path):
    db = tmp_path / "new.db"
    holder = lock_holder(db, "stdin", statement="create table other_process_first (x)")
    try:
        with pytest.raises(StoreBusyError, match="busy"):
            Store.open(db, busy_timeout=0.3)
    finally:
        holder.communicate("release\n", timeout=30)
    store = Store.open(db)  # nothing was left half-done: the next open migrates the file
    assert list(store.attempts()) == []
    store.close()


def test_a_save_waits_for_a_writer_holding_the_lock_for_two_seconds(db_path):
    Store.open(db_path).close()
    holder = lock_holder(db_path, "2")
    try:
        result = cli(db_path, "score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    finally:
        holder.wait(timeout=30)
    assert result.exit_code == 0, result.output
    assert "saved as attempt 1" in result.output
    assert count_rows(db_path) == 1


def test_locked_past_the_timeout_the_score_is_shown_and_the_answer_kept(db_path, monkeypatch):
    Store.open(db_path).close()
    monkeypatch.setenv("TPM_TRAINER_BUSY_TIMEOUT", "0.3")
    holder = lock_holder(db_path, "stdin")
    try:
        result = cli(db_path, "score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    finally:
        holder.communicate("release\n", timeout=30)
    assert result.exit_code == 1
    assert "Score 100/100" in result.output  # the score is still shown
    [error] = [line for line in result.output.splitlines() if line.startswith("tpm-trainer:")]
    assert "busy" in error and "NOT saved" in error and "Traceback" not in result.output
    kept = error.split("kept in ")[1].split(";")[0]
    assert Path(kept).read_text(encoding="utf-8") == GOOD_ANSWER
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    retry = cli(db_path, "score", "fx-rollout", kept, "--save")  # the retry the message suggests
    assert retry.exit_code == 0 and "saved as attempt" in retry.output
    assert count_rows(db_path) == 1


def test_the_library_raises_a_clear_busy_error(db_path):
    Store.open(db_path).close()
    holder = lock_holder(db_path, "stdin")
    store = Store.open(db_path, busy_timeout=0.2)
    try:
        with pytest.raises(StoreBusyError, match="busy"):
            store.set_setting("x", 1)
    finally:
        holder.communicate("release\n", timeout=30)
        store.close()


def test_threads_each_get_a_connection_and_every_write_lands(store):
    connections = set()

    def save(number: int) -> None:
        connections.add(id(store.db.conn))
        for index in range(25):
            store.save_attempt(
                question_id="q",
                category="c",
                answer=f"{number}-{index}",
                started_at=now_iso(),
                ended_at=now_iso(),
                mode="practice",
                report=None,
            )

    threads = [threading.Thread(target=save, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(connections) == 4
    assert store.count_attempts() == 100


def open_file_names() -> list[str]:
    names = []
    for descriptor in os.listdir("/proc/self/fd"):
        try:
            names.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        except OSError:
            continue  # the descriptor listdir itself used
    return names


def test_a_worker_threads_connection_is_closed_when_the_thread_ends(store):
    def use() -> None:
        store.set_setting("seen", True)

    for _ in range(30):
        thread = threading.Thread(target=use)
        thread.start()
        thread.join()
    gc.collect()
    database_files = [name for name in open_file_names() if name.startswith(str(store.path))]
    assert store._connections.open_count() <= 1  # at most this thread's
    # this thread's database, -wal and -shm, and descriptors SQLite keeps for reuse while another
    # connection holds locks on the file; not 30 threads' worth (90)
    assert len(database_files) < 10


# -- two stores in one process -------------------------------------------------------------------

SHARED_FIRST = 0x40000002  # SQLite's shared-lock byte range in the database file (POSIX advisory locks)
SHARED_SIZE = 510


def other_process_can_lock_exclusively(db_path) -> bool:
    code = f"""
        import fcntl, os, sys
        descriptor = os.open({str(db_path)!r}, os.O_RDWR)
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, {SHARED_SIZE}, {SHARED_FIRST})
        except OSError:
            sys.exit(3)
        sys.exit(0)
    """
    return subprocess.run(python(code), env=child_env(), timeout=30).returncode == 0


def test_a_second_store_in_the_same_process_keeps_the_first_ones_locks(db_path):
    first = Store.open(db_path)
    first.set_setting("x", 1)
    first.db.conn.execute("BEGIN")
    first.db.conn.execute("select count(*) from attempts").fetchone()  # a read transaction: a shared lock
    assert not other_process_can_lock_exclusively(db_path)
    second = Store.open(db_path)  # must not drop the first store's POSIX locks
    try:
        assert not other_process_can_lock_exclusively(db_path)
    finally:
        first.db.conn.execute("COMMIT")
        second.close()
        first.close()
    assert fcntl  # the probe above uses POSIX locks


def test_two_stores_in_one_process_writing_at_once_stay_intact(db_path):
    stores = [Store.open(db_path), Store.open(db_path)]

    def save(store: Store, tag: str) -> None:
        for index in range(100):
            store.save_attempt(
                question_id="q",
                category="c",
                answer=f"{tag} {index}",
                started_at=now_iso(),
                ended_at=now_iso(),
                mode="practice",
                report=None,
            )

    threads = [threading.Thread(target=save, args=(store, f"s{n}")) for n, store in enumerate(stores)]
    writer = subprocess.Popen(python(library_saver_code(db_path, 100, "child")), env=child_env(), cwd=REPO_ROOT)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert writer.wait(timeout=120) == 0
    for store in stores:
        store.close()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert count_rows(db_path) == 300


# -- files that are not usable, and files we may not write -------------------------------------


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(StoreError, match="FIFO"):
        Store.open(fifo)
    result = CliRunner().invoke(main, ["--db", str(fifo), "history"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"tpm-trainer: {fifo}: is a FIFO (named pipe), not a database file; it was not opened"
    ]


def test_an_existing_world_readable_database_is_tightened(db_path):
    Store.open(db_path).close()
    os.chmod(db_path, 0o644)
    Store.open(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


@pytest.fixture
def no_override():
    prefix = without_file_permissions()
    if prefix is None:
        pytest.skip("needs setpriv to drop root's permission override")
    return prefix


def seeded(db_path):
    result = cli(db_path, "score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    assert result.exit_code == 0
    return db_path


def test_reads_work_from_a_read_only_folder_and_writes_say_why_they_cannot(tmp_path, no_override):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = seeded(folder / "history.db")
    for backup in (folder / "backups").glob("*"):
        backup.unlink()
    (folder / "backups").rmdir()
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(db, 0o400)
    os.chmod(folder, 0o500)
    try:
        history = run_cli(no_override, "--db", str(db), *FIXTURE_ARGS, "history", "--json", XDG_DATA_HOME=str(data))
        assert history.returncode == 0, history.stderr
        assert [item["answer"] for item in json.loads(history.stdout)] == [GOOD_ANSWER]
        saved = run_cli(
            no_override,
            "--db",
            str(db),
            *FIXTURE_ARGS,
            "score",
            "fx-rollout",
            "-",
            "--save",
            stdin="canary",
            XDG_DATA_HOME=str(data),
        )
        assert saved.returncode == 1
        assert "Score" in saved.stdout
        assert saved.stderr.count("\n") == 1 and "read-only" in saved.stderr and "kept in" in saved.stderr
        assert "Traceback" not in saved.stderr
    finally:
        os.chmod(folder, 0o700)
        os.chmod(db, 0o600)


def test_a_database_we_may_not_read_is_one_line(tmp_path, no_override):
    db = seeded(tmp_path / "history.db")
    os.chmod(db, 0o000)
    try:
        result = run_cli(no_override, "--db", str(db), "history")
    finally:
        os.chmod(db, 0o600)
    assert result.returncode == 2
    assert result.stderr.strip() == f"tpm-trainer: {db}: cannot read the database file (Permission denied)"


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_during_a_save_keeps_the_answer(tmp_path):
    db = seeded(tmp_path / "history.db")
    answer_file = tmp_path / "answer.txt"
    answer = "We start with a canary and roll back on error rate. " * 600  # ~31 KB
    answer_file.write_text(answer)
    data = tmp_path / "data"
    result = subprocess.run(
        [
            sys_executable(),
            "-m",
            "tpm_trainer",
            "--db",
            str(db),
            *FIXTURE_ARGS,
            "score",
            "fx-rollout",
            str(answer_file),
            "--save",
        ],
        capture_output=True,
        text=True,
        env=child_env(XDG_DATA_HOME=str(data)),
        cwd=REPO_ROOT,
        preexec_fn=_file_size_limit(48_000),
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert "Score" in result.stdout
    assert result.stderr.count("\n") == 1 and "NOT saved" in result.stderr and "Traceback" not in result.stderr
    kept = result.stderr.split("kept in ")[1].split(";")[0]
    assert Path(kept).read_text(encoding="utf-8") == answer
    assert count_rows(db) == 1


def test_an_export_to_a_full_disk_leaves_the_old_file(tmp_path):
    db = seeded(tmp_path / "history.db")
    for _ in range(3):
        assert cli(db, "score", "fx-rollout", "-", "--save", input="canary and roll back. " * 2000).exit_code == 0
    target = tmp_path / "export.json"
    target.write_text("the previous export")
    result = subprocess.run(
        [sys_executable(), "-m", "tpm_trainer", "--db", str(db), "export", "-o", str(target)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO_ROOT,
        preexec_fn=_file_size_limit(60_000),
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"tpm-trainer: {target}: cannot write") and "left unchanged" in result.stderr
    assert target.read_text() == "the previous export"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".export")] == []


def sys_executable() -> str:
    return sys.executable


def test_code_writing_through_db_atomic_also_takes_the_write_lock_at_once(store):
    other = sqlite3.connect(store.path, timeout=0, isolation_level=None)
    try:
        # as code that predates `store.write()` does: the lock is held from the start (no read-then-write race)
        with store.db.atomic(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()
