"""Storage errors a user can meet, each one clear line naming the file and what to do.

`StoreError` is an unusable database (not SQLite, corrupt, newer schema, not a regular file): the
command line exits 2. Its subclass `StoreWriteError` is a write that could not be done now (locked
past the busy timeout, read-only file or folder, disk full): the command line exits 1 and keeps the
answer elsewhere.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class StoreError(Exception):
    """A database the trainer cannot use; the message names the file and says why."""


class StoreWriteError(StoreError):
    """A write that could not be done (read-only, disk full, I/O error); nothing was half-written."""


class StoreBusyError(StoreWriteError):
    """Another process held the database's write lock for longer than the busy timeout."""


class StoreReadOnlyError(StoreWriteError):
    """The database file or its folder cannot be written (the database was opened read-only)."""


def translate(error: sqlite3.Error, path: Path | str, busy_timeout: float, action: str = "write to") -> StoreError:
    """One clear StoreError for an sqlite3 error met while `action`-ing the database at `path`."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = str(error)
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in text:
        return StoreBusyError(
            f"{path}: the database is busy (locked by another tpm-trainer for more than {busy_timeout:g} s)"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreReadOnlyError(f"{path}: the database is read-only (check the file's and its folder's permissions)")
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreWriteError(f"{path}: the disk is full; free some space and try again")
    if name.startswith("SQLITE_IOERR"):
        return StoreWriteError(f"{path}: a disk error while trying to {action} the database ({text})")
    if name in ("SQLITE_NOTADB",) or "not a database" in text:
        return StoreError(f"{path}: the database cannot be read ({text}); the file was left untouched")
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return StoreError(f"{path}: the database is corrupt ({text}); run `tpm-trainer doctor`")
    if name.startswith("SQLITE_CANTOPEN") or name.startswith("SQLITE_PERM") or "unable to open" in text:
        return StoreError(f"{path}: cannot open the database file (check that its folder exists and is readable)")
    return StoreError(f"{path}: cannot {action} the database ({text})")
