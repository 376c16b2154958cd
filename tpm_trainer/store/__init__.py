"""The trainer's SQLite database (sqlite-utils): attempts, sessions, drafts, settings.

API (every method is safe to call from any thread: each thread gets its own connection)::

    store = Store.open(path)                    # create (0600) / check / migrate; StoreError if unusable
    store = Store.open(path, allow_read_only=True)  # read-only when the file or folder is not writable
    store.close()                               # closes every thread's connection

    with store.write():                         # one transaction (BEGIN IMMEDIATE, waits for the lock)
        main_id = store.save_attempt(...)       # nested calls join it (savepoints)
        store.save_attempt(..., parent_attempt_id=main_id)

    save_attempt(question_id=, category=, answer=, started_at=, ended_at=, mode=, report=,
                 time_limit_seconds=, time_used_seconds=, session_id=, parent_attempt_id=,
                 prompt=, draft_id=) -> int    # the draft is deleted in the same transaction
    save_attempts([kwargs, ...]) -> [int]      # many, one transaction
    update_score(attempt_id, report)            # after a rubric change
    delete_attempt(attempt_id) -> bool          # follow-ups, report and concept rows go with it
    attempt(id) / attempts(filters...) / iter_attempts(order, filters...)   # Attempt records
    attempt_summaries(limit=, offset=, text=, category=, since=, until=, question_ids=, order=,
                      descending=) -> (rows, total)   # list columns only; `text` uses FTS5
    count_attempts(...), previous_attempt(question_id, before_id), follow_up_attempts(parent_id)
    attempt_answer(id), attempt_report(id), missed_concept_ids(ids)
    start_session(mode, config) -> id, end_session(id), session(id) -> Session, sessions(), iter_sessions()
    save_draft(...) -> id, draft(id), drafts(), count_drafts(), delete_draft(id)
    get_setting(key, default), set_setting(key, value)
    totals(), streak(today), practice_days(), home_statistics(today), category_stats(),
    category_trend(bucket), most_missed_concepts(limit), progress_statistics(today, period)
    daily_backup() -> Path | None, doctor(repair=True) -> DoctorReport

Attempt ids are never reused (AUTOINCREMENT). Writes wait up to the busy timeout
(`TPM_TRAINER_BUSY_TIMEOUT` seconds, default 15) for another writer, then raise StoreBusyError.
Errors: StoreError (unusable database), StoreWriteError (a write that could not be done now:
StoreBusyError, StoreReadOnlyError, disk full) -- each one clear line naming the file.
"""

from __future__ import annotations

from pathlib import Path

from .attempts import AttemptsMixin
from .backup import (
    DAILY,
    DAILY_KEEP_SETTING,
    DEFAULT_DAILY_KEEP,
    backups,
    daily_backup_due,
    prune_daily,
    write_backup,
)
from .db import Connections, busy_timeout_from_environment, open_connections
from .doctor import DoctorReport, run_doctor
from .drafts import DraftsMixin
from .errors import StoreBusyError, StoreError, StoreReadOnlyError, StoreWriteError
from .records import Attempt, Draft, Session, now_iso
from .schema import MIGRATION_SET, migrations
from .sessions import SessionsMixin
from .settings import SettingsMixin
from .stats import StatsMixin

__all__ = [
    "DAILY",
    "MIGRATION_SET",
    "Attempt",
    "DoctorReport",
    "Draft",
    "Session",
    "Store",
    "StoreBusyError",
    "StoreError",
    "StoreReadOnlyError",
    "StoreWriteError",
    "migrations",
    "now_iso",
    "write_backup",
]


class Store(AttemptsMixin, SessionsMixin, DraftsMixin, SettingsMixin, StatsMixin):
    """The trainer's database. Open it with `Store.open(path)`."""

    def __init__(self, connections: Connections) -> None:
        super().__init__(connections)

    @classmethod
    def open(cls, path: Path | str, *, allow_read_only: bool = False, busy_timeout: float | None = None) -> Store:
        """Open (creating if needed, owner-only) and migrate the database at `path`.

        Raises StoreError with one clear line for a folder, a FIFO or other non-regular file, a file
        that is not SQLite, a corrupt file or one written by a newer schema; such a file is not
        modified. With `allow_read_only`, a file or folder that cannot be written is opened
        read-only (writes then raise StoreReadOnlyError). Constant time: integrity checks are
        `doctor`'s job.
        """
        resolved = Path(path).expanduser().absolute()
        timeout = busy_timeout_from_environment() if busy_timeout is None else busy_timeout
        return cls(open_connections(resolved, timeout, allow_read_only))

    @classmethod
    def connect(cls, path: Path | str) -> Store:
        """Kept for callers that opened a store per worker thread: a Store already gives each thread
        its own connection, so this is `open` (checks and migrations are cheap once applied)."""
        return cls.open(path)

    def daily_backup(self) -> Path | None:
        """Back up the database when the last daily backup is a day old; keep the newest N
        (setting `backup.daily_keep`, default 7). Returns the new backup, or None."""
        if self.read_only or not daily_backup_due(self.path):
            return None
        keep = self.get_setting(DAILY_KEEP_SETTING, DEFAULT_DAILY_KEEP)
        created = write_backup(self.db, self.path, DAILY)
        prune_daily(self.path, int(keep) if isinstance(keep, int | float) else DEFAULT_DAILY_KEEP)
        return created

    def backups(self) -> list[Path]:
        """Every backup of this database, oldest first."""
        return backups(self.path)

    def doctor(self, repair: bool = True) -> DoctorReport:
        """Integrity check, schema version, orphaned rows, derived counts (see `doctor.py`)."""
        return run_doctor(self, repair)
