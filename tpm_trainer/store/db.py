"""Opening the database safely, one connection per thread, and write transactions that wait.

- A path that is a folder, a FIFO or any non-regular file is refused without opening it.
- The SQLite header is read with a plain file read only while this process has no connection to
  that file: closing any descriptor of a file drops every POSIX lock the process holds on it, so
  reading the header of a live database could release SQLite's locks and let another process
  corrupt it. Later opens in the same process skip that read (the file was already checked).
- Every write runs in `BEGIN IMMEDIATE`, which waits up to the busy timeout for the write lock;
  a plain `BEGIN` followed by a read would fail at once when another writer got there first.
- A new database is created owner-only and migrated inside one immediate transaction, so several
  processes starting at once on a new file all succeed; an existing group- or world-readable file
  is tightened to 0600.
- When the file or its folder cannot be written, commands that only read may open it read-only.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .errors import StoreError, StoreReadOnlyError, translate
from .schema import MIGRATION_SET, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT = 15.0
ENV_BUSY_TIMEOUT = "TPM_TRAINER_BUSY_TIMEOUT"

_live_files_lock = threading.Lock()
_live_files: dict[tuple[int, int], int] = {}
"""(device, inode) of every database file this process holds connections to, with a count."""


def busy_timeout_from_environment() -> float:
    """Seconds a write waits for another writer: `TPM_TRAINER_BUSY_TIMEOUT`, else 15."""
    value = os.environ.get(ENV_BUSY_TIMEOUT, "")
    try:
        return max(0.0, float(value)) if value.strip() else DEFAULT_BUSY_TIMEOUT
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _stat_or_create(path: Path) -> os.stat_result:
    """The file's status, creating an empty owner-only file when there is none."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StoreError(f"{path}: cannot read the database file ({error.strerror or error})") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        os.close(descriptor)  # no connection can exist yet to a file created just now
    except FileExistsError:
        pass
    except OSError as error:
        raise StoreError(f"{path}: cannot create the database ({error.strerror or error})") from None
    return os.stat(path)


def _check_file(path: Path, info: os.stat_result) -> None:
    """Refuse folders and non-regular files; check the header when no connection of ours is live."""
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise StoreError(f"{path}: is {_file_kind(info.st_mode)}, not a database file; it was not opened")
    if info.st_size == 0:
        return  # a new, empty file: SQLite treats it as a new database
    with _live_files_lock:
        live = _live_files.get((info.st_dev, info.st_ino), 0) > 0
    if live:
        return  # checked when first opened; reading it now could drop SQLite's locks (see module doc)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path}: cannot read the database file ({error.strerror or error})") from None
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: not an SQLite database (the file was left untouched)")


def _tighten_permissions(path: Path, info: os.stat_result) -> None:
    """Make an existing database readable by its owner only (answers are personal)."""
    if info.st_mode & 0o077 and info.st_uid == os.geteuid():
        with contextlib.suppress(OSError):  # a read-only file system: reading still works
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700 | 0o600)


class ImmediateDatabase(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost `atomic()` starts with `BEGIN IMMEDIATE`, so that code
    writing through `store.db.atomic()` also waits for the write lock instead of failing at once."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        if self.conn.in_transaction:
            with super().atomic() as db:
                yield db
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise


class _ThreadConnection:
    """One thread's connection; closed when the thread ends (its thread-local storage goes away)."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.conn.close()

    def __del__(self) -> None:
        self.close()


class Connections:
    """One SQLite connection per thread to one file, all closed together.

    A connection is only ever used by the thread that made it, and is closed when that thread ends
    (worker threads come and go); `check_same_thread` is off only so that `close_all` and the end of
    a thread may close it from another thread.
    """

    def __init__(self, path: Path, busy_timeout: float, read_only: bool, immutable: bool = False) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self.read_only = read_only
        self.immutable = immutable
        self._local = threading.local()
        self._all: weakref.WeakSet[_ThreadConnection] = weakref.WeakSet()
        self._lock = threading.Lock()
        info = os.stat(path)
        self._file_key = (info.st_dev, info.st_ino)
        with _live_files_lock:
            _live_files[self._file_key] = _live_files.get(self._file_key, 0) + 1
        self._closed = False

    def connect(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri()
        if self.read_only:
            uri += "?mode=ro" + ("&immutable=1" if self.immutable else "")
        # `timeout` is SQLite's busy timeout: how long a statement waits for another writer's lock
        connection = sqlite3.connect(uri, uri=True, timeout=self.busy_timeout, check_same_thread=False)
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    def database(self) -> sqlite_utils.Database:
        """This thread's connection, wrapped for sqlite-utils (made on first use)."""
        if self._closed:
            raise StoreError(f"{self.path}: the store was closed")
        holder: _ThreadConnection | None = getattr(self._local, "holder", None)
        if holder is None:
            holder = _ThreadConnection(ImmediateDatabase(self.connect()))
            self._local.holder = holder
            with self._lock:
                self._all.add(holder)
        return holder.db

    def open_count(self) -> int:
        """How many threads hold a connection now."""
        with self._lock:
            return len(self._all)

    def close_all(self) -> None:
        with self._lock:
            holders, self._all = list(self._all), weakref.WeakSet()
        for holder in holders:
            holder.close()
        self._local = threading.local()
        if not self._closed:
            self._closed = True
            with _live_files_lock:
                remaining = _live_files.get(self._file_key, 1) - 1
                if remaining > 0:
                    _live_files[self._file_key] = remaining
                else:
                    _live_files.pop(self._file_key, None)


def _schema_state(db: sqlite_utils.Database, path: Path) -> tuple[set[str], set[str]]:
    """The database's table names and applied migration names (refusing a newer or foreign one)."""
    tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    applied: set[str] = set()
    if Migrations.migrations_table in tables:
        applied = {
            row[0]
            for row in db.execute(
                f"select name from {Migrations.migrations_table} where migration_set = ?", [MIGRATION_SET]
            )
        }
    unknown = applied - {migration.name for migration in migrations._migrations}
    if unknown:
        raise StoreError(
            f"{path}: the database was written by a newer tpm-trainer (schema step(s) {', '.join(sorted(unknown))}); "
            "upgrade tpm-trainer to open it. The file was left untouched."
        )
    if tables and not applied and "attempts" not in tables and not tables <= {Migrations.migrations_table}:
        raise StoreError(f"{path}: an SQLite database of another application (tables: {', '.join(sorted(tables))})")
    return tables, applied


def pending_migrations(db: sqlite_utils.Database) -> list[str]:
    """Names of the schema steps not yet applied to this database."""
    return [migration.name for migration in migrations.pending(db)]


class _TryReadOnly(Exception):
    """Opening read-write (or read-only without `immutable`) failed in a way read-only may avoid."""

    def __init__(self, error: sqlite3.Error) -> None:
        super().__init__(str(error))
        self.error = error


def open_connections(path: Path, busy_timeout: float, allow_read_only: bool) -> Connections:
    """Check the file, open it (read-write, or read-only when allowed and writing is impossible),
    switch it to WAL and migrate it. Raises StoreError with one clear line."""
    info = _stat_or_create(path)
    _check_file(path, info)
    _tighten_permissions(path, info)
    writable = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    if not writable and not allow_read_only:
        raise StoreReadOnlyError(f"{path}: the database is read-only (check the file's and its folder's permissions)")
    modes = [(False, False)] if writable else []
    if allow_read_only:
        modes += [(True, False), (True, True)]  # immutable: a WAL file in a read-only folder
    last_error: sqlite3.Error | None = None
    for read_only, immutable in modes:
        connections = Connections(path, busy_timeout, read_only, immutable)
        try:
            _prepare(connections.database(), path, read_only, immutable, allow_read_only, busy_timeout)
        except _TryReadOnly as attempt:
            connections.close_all()
            last_error = attempt.error
            continue
        except sqlite3.Error as error:
            connections.close_all()
            raise translate(error, path, busy_timeout, "open") from None
        except BaseException:
            connections.close_all()
            raise
        return connections
    assert last_error is not None
    raise translate(last_error, path, busy_timeout, "read")


def _prepare(
    db: sqlite_utils.Database, path: Path, read_only: bool, immutable: bool, allow_read_only: bool, busy_timeout: float
) -> None:
    try:
        _schema_state(db, path)
    except sqlite3.Error as error:
        if read_only and not immutable:
            raise _TryReadOnly(error) from None
        raise
    if read_only:
        if pending_migrations(db):
            raise StoreReadOnlyError(
                f"{path}: the database needs upgrading to this tpm-trainer's schema but is read-only"
            )
        return
    try:
        _switch_to_wal(db, busy_timeout)
        if pending_migrations(db):
            _migrate(db, path)
    except sqlite3.Error as error:
        if allow_read_only and str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_READONLY"):
            raise _TryReadOnly(error) from None
        raise


def _switch_to_wal(db: sqlite_utils.Database, busy_timeout: float) -> None:
    """Put the database in WAL mode, waiting up to the busy timeout for other processes.

    SQLite answers `PRAGMA journal_mode = wal` with SQLITE_BUSY at once, without calling the busy
    handler, while another connection holds a lock (it would risk a deadlock), so several processes
    opening a new file together would fail here. Retry with a growing pause until the deadline; the
    first process to succeed has usually switched the file for everyone by the next look.
    """
    deadline = time.monotonic() + busy_timeout
    pause = 0.002
    while True:
        try:
            if str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            db.execute("PRAGMA journal_mode = wal")
            return
        except sqlite3.OperationalError as error:
            busy = str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_BUSY") or "locked" in str(error)
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _migrate(db: sqlite_utils.Database, path: Path) -> None:
    """Apply pending schema steps in one immediate transaction, after backing up a used database."""
    from .backup import backup_before_migration

    if migrations.applied(db):
        backup_before_migration(db, path)
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        _schema_state(db, path)  # another process may have migrated while we waited
        if pending_migrations(db):
            migrations.apply(db)
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


class StoreBase:
    """What every part of the store shares: the path, this thread's connection, write transactions."""

    def __init__(self, connections: Connections) -> None:
        self._connections = connections
        self.path = connections.path

    @property
    def db(self) -> sqlite_utils.Database:
        """This thread's connection (sqlite-utils); use `write()` for anything that writes."""
        return self._connections.database()

    @property
    def read_only(self) -> bool:
        return self._connections.read_only

    @property
    def busy_timeout(self) -> float:
        return self._connections.busy_timeout

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite_utils.Database]:
        """A write transaction: `BEGIN IMMEDIATE` (waiting up to the busy timeout), committed on
        success, rolled back on any error. Nested calls become savepoints. sqlite3 errors become
        StoreError / StoreWriteError with one clear line."""
        if self.read_only:
            raise StoreReadOnlyError(
                f"{self.path}: the database is read-only (check the file's and its folder's permissions)"
            )
        db = self.db
        if db.conn.in_transaction:
            with db.atomic():
                yield db
            return
        try:
            db.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise translate(error, self.path, self.busy_timeout) from None
        try:
            yield db
            db.conn.execute("COMMIT")
        except BaseException as error:
            if db.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    db.conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise translate(error, self.path, self.busy_timeout) from None
            raise

    def close(self) -> None:
        """Close every thread's connection."""
        self._connections.close_all()
