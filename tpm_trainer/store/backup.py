"""Backups with SQLite's online backup API: one before every schema migration, and a rolling daily one.

Backups sit in a `backups` folder (owner-only) next to the database, named
`<database name>-<kind>-<UTC time>.db`. Each is written to a temporary file and renamed, so a
failed backup never leaves a half-written file under a backup's name. Daily backups are pruned to
the newest `keep`; pre-migration backups are kept until the user removes them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

BACKUP_FOLDER = "backups"
DAILY = "daily"
BEFORE_MIGRATION = "premigration"
DEFAULT_DAILY_KEEP = 7
DAILY_KEEP_SETTING = "backup.daily_keep"


def backup_folder(database_path: Path) -> Path:
    return database_path.parent / BACKUP_FOLDER


def backups(database_path: Path, kind: str | None = None) -> list[Path]:
    """Backups of this database, oldest first (optionally of one kind)."""
    folder = backup_folder(database_path)
    prefix = f"{database_path.stem}-{kind}-" if kind else f"{database_path.stem}-"
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob(f"{prefix}*.db") if path.is_file())


def write_backup(db: sqlite_utils.Database, database_path: Path, kind: str) -> Path:
    """Copy the database (a consistent snapshot, even while others write) to a new backup file."""
    folder = backup_folder(database_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{database_path.stem}-{kind}-{stamp}.db"
    temporary = folder / f".{target.name}.{os.getpid()}.tmp"
    descriptor = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(descriptor)
    try:
        destination = sqlite3.connect(temporary)
        try:
            db.conn.backup(destination)
        finally:
            destination.close()
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    return target


def backup_before_migration(db: sqlite_utils.Database, database_path: Path) -> Path:
    return write_backup(db, database_path, BEFORE_MIGRATION)


def daily_backup_due(database_path: Path, now: datetime | None = None) -> bool:
    """True when the newest daily backup is older than a day (or there is none)."""
    existing = backups(database_path, DAILY)
    if not existing:
        return True
    newest = datetime.fromtimestamp(existing[-1].stat().st_mtime, UTC)
    return (now or datetime.now(UTC)) - newest >= timedelta(days=1)


def prune_daily(database_path: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` daily backups; returns what was deleted."""
    existing = backups(database_path, DAILY)
    removed = existing[: max(0, len(existing) - max(keep, 1))]
    for path in removed:
        with contextlib.suppress(OSError):
            path.unlink()
    return removed
