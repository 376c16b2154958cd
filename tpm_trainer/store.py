"""SQLite storage of attempts, mock-interview sessions, drafts and settings (sqlite-utils).

The schema is created and upgraded by sqlite-utils `Migrations` at start-up. The database is opened
in WAL mode with a busy timeout, every write runs in a transaction, and the file is created readable
by its owner only (answers are personal).
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .models import ScoreReport

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
MIGRATION_SET = "tpm_trainer"

migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("sessions").create(
        {
            "id": str,
            "mode": str,
            "started_at": str,
            "ended_at": str,
            "config_json": str,
        },
        pk="id",
    )
    db.table("attempts").create(
        {
            "id": int,
            "question_id": str,
            "category": str,
            "answer": str,
            "started_at": str,
            "ended_at": str,
            "time_limit_seconds": float,
            "time_used_seconds": float,
            "mode": str,
            "session_id": str,
            "parent_attempt_id": int,
            "prompt": str,
            "score": float,
            "band": str,
            "report_json": str,
            "rubric_hash": str,
            "scorer_version": str,
        },
        pk="id",
        not_null={"question_id", "answer", "started_at", "ended_at", "mode"},
        foreign_keys=[("session_id", "sessions", "id"), ("parent_attempt_id", "attempts", "id")],
    )
    db.table("attempts").create_index(["question_id"])
    db.table("attempts").create_index(["ended_at"])
    db.table("attempts").create_index(["session_id"])
    db.table("drafts").create(
        {
            "id": int,
            "question_id": str,
            "session_id": str,
            "mode": str,
            "answer": str,
            "started_at": str,
            "updated_at": str,
            "time_limit_seconds": float,
            "time_used_seconds": float,
            "parent_attempt_id": int,
            "prompt": str,
        },
        pk="id",
        not_null={"question_id", "answer", "updated_at", "mode"},
    )
    db.table("settings").create({"key": str, "value_json": str}, pk="key")


@migrations()
def m002_app_indexes(db: sqlite_utils.Database) -> None:
    """Indexes for the interactive app's history list and progress views (added for the Textual app)."""
    db.table("attempts").create_index(["category", "ended_at"], if_not_exists=True)
    db.table("attempts").create_index(["score"], if_not_exists=True)
    db.table("attempts").create_index(["parent_attempt_id"], if_not_exists=True)


@migrations()
def m003_attempt_ids_never_reused(db: sqlite_utils.Database) -> None:
    """Attempt ids are never reused after a delete (AUTOINCREMENT), and deleting a main attempt deletes
    its follow-ups (ON DELETE CASCADE). SQLite cannot alter a key, so the table is rebuilt in place."""
    columns = []
    for _, name, kind, not_null, _, primary in db.execute("PRAGMA table_info(attempts)").fetchall():
        if primary:
            columns.append(f'"{name}" INTEGER PRIMARY KEY AUTOINCREMENT')
            continue
        column = f'"{name}" {kind}' + (" NOT NULL" if not_null else "")
        if name == "session_id":
            column += ' REFERENCES "sessions"("id")'
        elif name == "parent_attempt_id":
            # points at the new table, so dropping the old one cascades into nothing; the rename updates it
            column += ' REFERENCES "attempts_rebuilt"("id") ON DELETE CASCADE'
        columns.append(column)
    create = 'CREATE TABLE "attempts_rebuilt" (\n   ' + ",\n   ".join(columns) + "\n)"
    indexes = [
        str(sql)
        for (sql,) in db.execute(
            "select sql from sqlite_master where type = 'index' and tbl_name = 'attempts' and sql is not null"
        )
    ]
    db.execute("PRAGMA defer_foreign_keys = ON")  # the rows point at each other while the table is swapped
    db.execute(create)
    db.execute("insert into attempts_rebuilt select * from attempts")  # same columns, same order
    db.execute("drop table attempts")
    db.execute("alter table attempts_rebuilt rename to attempts")
    for sql in indexes:
        db.execute(sql)


class StoreError(Exception):
    """A database the trainer cannot use; the message names the file and says why."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Attempt:
    """One stored answer with its score."""

    id: int
    question_id: str
    category: str
    answer: str
    started_at: str
    ended_at: str
    time_limit_seconds: float | None
    time_used_seconds: float | None
    mode: str
    session_id: str | None
    parent_attempt_id: int | None
    prompt: str | None
    score: float | None
    band: str | None
    report: ScoreReport | None
    rubric_hash: str | None
    scorer_version: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Attempt:
        report_json = row.get("report_json")
        report = ScoreReport.model_validate_json(report_json) if report_json else None
        fields = {key: row.get(key) for key in cls.__dataclass_fields__ if key != "report"}
        return cls(report=report, **fields)

    def to_dict(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in self.__dataclass_fields__ if key != "report"}
        data["report"] = self.report.model_dump(mode="json") if self.report else None
        return data


@dataclass(frozen=True)
class Draft:
    """An unfinished answer, saved while the candidate types."""

    id: int
    question_id: str
    session_id: str | None
    mode: str
    answer: str
    started_at: str | None
    updated_at: str
    time_limit_seconds: float | None
    time_used_seconds: float | None
    parent_attempt_id: int | None
    prompt: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Draft:
        return cls(**{key: row.get(key) for key in cls.__dataclass_fields__})


def _check_existing_file(path: Path) -> None:
    """Refuse, without writing anything, a file that is not a usable tpm-trainer database."""
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path}: cannot read the database file ({error.strerror or error})") from None
    if not header:
        return  # an empty file: SQLite treats it as a new database
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: not an SQLite database (the file was left untouched)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA quick_check(1)").fetchone()
            if result is None or result[0] != "ok":
                raise StoreError(
                    f"{path}: the database is corrupt ({result[0] if result else 'no result'}); the file was left untouched"
                )
            tables = {row[0] for row in connection.execute("select name from sqlite_master where type='table'")}
            applied: set[str] = set()
            if Migrations.migrations_table in tables:
                applied = {
                    row[0]
                    for row in connection.execute(
                        f"select name from {Migrations.migrations_table} where migration_set = ?", [MIGRATION_SET]
                    )
                }
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: the database cannot be read ({error}); the file was left untouched") from None
    known = {migration.name for migration in migrations._migrations}
    unknown = applied - known
    if unknown:
        raise StoreError(
            f"{path}: the database was written by a newer tpm-trainer (schema step(s) {', '.join(sorted(unknown))}); "
            "upgrade tpm-trainer to open it. The file was left untouched."
        )
    if tables and not applied and "attempts" not in tables and not tables <= {Migrations.migrations_table}:
        raise StoreError(f"{path}: an SQLite database of another application (tables: {', '.join(sorted(tables))})")


class Store:
    """The trainer's database. Open it with `Store.open(path)`."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None) -> None:
        self.db = db
        self.path = path

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed, owner-only) and migrate the database at `path`.

        Raises StoreError with a clear message for a file that is not SQLite, is corrupt, or was
        written by a newer schema; such a file is not modified.
        """
        path = Path(path).expanduser()
        if path.exists():
            _check_existing_file(path)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
                os.close(descriptor)
            except FileExistsError:
                _check_existing_file(path)
            except OSError as error:
                raise StoreError(f"{path}: cannot create the database ({error.strerror or error})") from None
        try:
            connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            db = sqlite_utils.Database(connection)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.enable_wal()
            db.execute("PRAGMA foreign_keys = ON")
            migrations.apply(db)
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: cannot open the database ({error})") from None
        return cls(db, path)

    @classmethod
    def connect(cls, path: Path | str) -> Store:
        """Another connection, for the calling thread only, to a database that `open` has already
        checked and migrated (no checks, no migrations: cheap enough to open per worker)."""
        try:
            connection = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
            db = sqlite_utils.Database(connection)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path}: cannot open the database ({error})") from None
        return cls(db, Path(path))

    def close(self) -> None:
        self.db.close()

    # -- sessions ------------------------------------------------------------------------------

    def start_session(self, mode: str, config: dict[str, Any] | None = None) -> str:
        session_id = uuid.uuid4().hex
        with self.db.atomic():
            self.db.table("sessions").insert(
                {
                    "id": session_id,
                    "mode": mode,
                    "started_at": now_iso(),
                    "ended_at": None,
                    "config_json": json.dumps(config or {}),
                }
            )
        return session_id

    def end_session(self, session_id: str) -> None:
        with self.db.atomic():
            self.db.execute("update sessions set ended_at = ? where id = ?", [now_iso(), session_id])

    def session(self, session_id: str) -> dict[str, Any] | None:
        rows = list(self.db.table("sessions").rows_where("id = ?", [session_id]))
        return rows[0] if rows else None

    def sessions(self) -> list[dict[str, Any]]:
        return list(self.db.table("sessions").rows_where(order_by="started_at"))

    # -- attempts ------------------------------------------------------------------------------

    def save_attempt(
        self,
        *,
        question_id: str,
        category: str,
        answer: str,
        started_at: str,
        ended_at: str,
        mode: str,
        report: ScoreReport | None,
        time_limit_seconds: float | None = None,
        time_used_seconds: float | None = None,
        session_id: str | None = None,
        parent_attempt_id: int | None = None,
        prompt: str | None = None,
        draft_id: int | None = None,
    ) -> int:
        """Store one attempt (and delete its draft in the same transaction); returns its id."""
        row = {
            "question_id": question_id,
            "category": category,
            "answer": answer,
            "started_at": started_at,
            "ended_at": ended_at,
            "time_limit_seconds": time_limit_seconds,
            "time_used_seconds": time_used_seconds,
            "mode": mode,
            "session_id": session_id,
            "parent_attempt_id": parent_attempt_id,
            "prompt": prompt,
            "score": report.score if report else None,
            "band": report.band if report else None,
            "report_json": report.model_dump_json() if report else None,
            "rubric_hash": report.rubric_hash if report else None,
            "scorer_version": report.scorer_version if report else None,
        }
        with self.db.atomic():
            table = self.db.table("attempts").insert(row)
            attempt_id = table.last_pk
            if draft_id is not None:
                self.db.execute("delete from drafts where id = ?", [draft_id])
        return int(attempt_id)

    def attempt(self, attempt_id: int) -> Attempt | None:
        rows = list(self.db.table("attempts").rows_where("id = ?", [attempt_id]))
        return Attempt.from_row(rows[0]) if rows else None

    def attempts(
        self,
        *,
        question_id: str | None = None,
        category: str | None = None,
        session_id: str | None = None,
        text: str | None = None,
        since: str | None = None,
        order: str = "ended_at desc, id desc",
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Attempt]:
        where, params = self._filters(question_id, category, session_id, text, since)
        rows = self.db.table("attempts").rows_where(
            where or None, params, order_by=order, limit=limit, offset=offset or None
        )
        return [Attempt.from_row(row) for row in rows]

    def iter_attempts(self, order: str = "id") -> Iterator[Attempt]:
        for row in self.db.table("attempts").rows_where(order_by=order):
            yield Attempt.from_row(row)

    def count_attempts(
        self,
        *,
        question_id: str | None = None,
        category: str | None = None,
        session_id: str | None = None,
        text: str | None = None,
        since: str | None = None,
    ) -> int:
        where, params = self._filters(question_id, category, session_id, text, since)
        sql = "select count(*) from attempts" + (f" where {where}" if where else "")
        return int(self.db.execute(sql, params).fetchone()[0])

    @staticmethod
    def _filters(
        question_id: str | None,
        category: str | None,
        session_id: str | None,
        text: str | None,
        since: str | None,
        until: str | None = None,
        text_question_ids: list[str] | None = None,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause (without the keyword) and its parameters for filtering attempts.

        `text` matches the question id, category, prompt and answer, or any of `text_question_ids`
        (e.g. questions whose title matches); `since`/`until` are ISO dates compared with `ended_at`,
        `until` including the whole day.
        """
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("question_id", question_id), ("category", category), ("session_id", session_id)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if text:
            text_clause = "question_id like ? or answer like ? or prompt like ? or category like ?"
            params.extend([f"%{text}%"] * 4)
            if text_question_ids:
                text_clause += f" or question_id in ({', '.join('?' for _ in text_question_ids)})"
                params.extend(text_question_ids)
            clauses.append(f"({text_clause})")
        if since:
            clauses.append("ended_at >= ?")
            params.append(since)
        if until:
            clauses.append("ended_at < ?")
            params.append(until + "~")  # "~" sorts after any time part of that day
        return " and ".join(clauses), params

    def previous_attempt(self, question_id: str, before_id: int) -> Attempt | None:
        rows = list(
            self.db.table("attempts").rows_where(
                "question_id = ? and id < ? and parent_attempt_id is null",
                [question_id, before_id],
                order_by="id desc",
                limit=1,
            )
        )
        return Attempt.from_row(rows[0]) if rows else None

    def delete_attempt(self, attempt_id: int) -> bool:
        """Delete one attempt and, with it, the follow-up answers given after it (one transaction)."""
        with self.db.atomic():
            self.db.execute("delete from attempts where parent_attempt_id = ?", [attempt_id])
            cursor = self.db.execute("delete from attempts where id = ?", [attempt_id])
        return cursor.rowcount > 0

    def update_score(self, attempt_id: int, report: ScoreReport) -> None:
        with self.db.atomic():
            self.db.execute(
                "update attempts set score = ?, band = ?, report_json = ?, rubric_hash = ?, scorer_version = ? where id = ?",
                [
                    report.score,
                    report.band,
                    report.model_dump_json(),
                    report.rubric_hash,
                    report.scorer_version,
                    attempt_id,
                ],
            )

    # -- drafts --------------------------------------------------------------------------------

    def save_draft(
        self,
        *,
        question_id: str,
        answer: str,
        mode: str,
        draft_id: int | None = None,
        session_id: str | None = None,
        started_at: str | None = None,
        time_limit_seconds: float | None = None,
        time_used_seconds: float | None = None,
        parent_attempt_id: int | None = None,
        prompt: str | None = None,
    ) -> int:
        """Insert or update a draft; returns its id."""
        row = {
            "question_id": question_id,
            "session_id": session_id,
            "mode": mode,
            "answer": answer,
            "started_at": started_at,
            "updated_at": now_iso(),
            "time_limit_seconds": time_limit_seconds,
            "time_used_seconds": time_used_seconds,
            "parent_attempt_id": parent_attempt_id,
            "prompt": prompt,
        }
        with self.db.atomic():
            if draft_id is not None and self.db.execute("select 1 from drafts where id = ?", [draft_id]).fetchone():
                assignments = ", ".join(f"{key} = ?" for key in row)
                self.db.execute(f"update drafts set {assignments} where id = ?", [*row.values(), draft_id])
                return draft_id
            return int(self.db.table("drafts").insert(row).last_pk)

    def drafts(self) -> list[Draft]:
        return [Draft.from_row(row) for row in self.db.table("drafts").rows_where(order_by="updated_at desc, id desc")]

    def draft(self, draft_id: int) -> Draft | None:
        rows = list(self.db.table("drafts").rows_where("id = ?", [draft_id]))
        return Draft.from_row(rows[0]) if rows else None

    def delete_draft(self, draft_id: int) -> None:
        with self.db.atomic():
            self.db.execute("delete from drafts where id = ?", [draft_id])

    # -- settings ------------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("select value_json from settings where key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.db.atomic():
            self.db.table("settings").upsert({"key": key, "value_json": json.dumps(value)}, pk="key")

    # -- queries for the interactive app (added for the Textual app; read-only, light columns) ----

    SUMMARY_COLUMNS = (
        "id",
        "question_id",
        "category",
        "started_at",
        "ended_at",
        "time_limit_seconds",
        "time_used_seconds",
        "mode",
        "session_id",
        "parent_attempt_id",
        "score",
        "band",
    )
    SUMMARY_ORDERS = {
        "date": "ended_at {dir}, id {dir}",
        "question": "question_id {dir}, id desc",
        "category": "category {dir}, ended_at desc, id desc",
        "score": "score is null, score {dir}, id desc",
        "time": "time_used_seconds is null, time_used_seconds {dir}, id desc",
        "id": "id {dir}",
    }

    def attempt_summaries(
        self,
        *,
        limit: int = 200,
        offset: int = 0,
        text: str | None = None,
        category: str | None = None,
        since: str | None = None,
        until: str | None = None,
        question_ids: list[str] | None = None,
        order: str = "date",
        descending: bool = True,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of history rows (list columns only, no answer or report) and the total matching.

        `text` matches the question id, category, prompt and answer (and `question_ids`, e.g. ids whose
        title matches); `since`/`until` are ISO dates compared with `ended_at` (`until` inclusive of the
        day); `order` is one of SUMMARY_ORDERS.
        """
        where, params = self._filters(None, category, None, text, since, until, question_ids)
        where = f" where {where}" if where else ""
        template = self.SUMMARY_ORDERS.get(order, self.SUMMARY_ORDERS["date"])
        order_by = template.format(dir="desc" if descending else "asc")
        columns = ", ".join(self.SUMMARY_COLUMNS)
        cursor = self.db.execute(
            f"select {columns} from attempts{where} order by {order_by} limit ? offset ?", [*params, limit, offset]
        )
        rows = [dict(zip(self.SUMMARY_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        total = int(self.db.execute(f"select count(*) from attempts{where}", params).fetchone()[0])
        return rows, total

    def follow_up_attempts(self, parent_attempt_id: int) -> list[Attempt]:
        """The follow-up answers given after one main attempt, oldest first."""
        rows = self.db.table("attempts").rows_where("parent_attempt_id = ?", [parent_attempt_id], order_by="id")
        return [Attempt.from_row(row) for row in rows]

    def category_stats(self) -> list[dict[str, Any]]:
        """Per category: number of scored main attempts and their average score."""
        cursor = self.db.execute(
            "select category, count(*), avg(score) from attempts where score is not null "
            "and parent_attempt_id is null group by category order by category"
        )
        return [{"category": row[0], "count": row[1], "average": row[2]} for row in cursor.fetchall()]

    def category_trend(self, bucket: str = "week") -> list[dict[str, Any]]:
        """Average score of main attempts per category per period (`week`: ISO year-week, `day`, `month`)."""
        formats = {"day": "%Y-%m-%d", "week": "%Y-W%W", "month": "%Y-%m"}
        fmt = formats.get(bucket, formats["week"])
        cursor = self.db.execute(
            "select category, strftime(?, ended_at) as period, count(*), avg(score) from attempts "
            "where score is not null and parent_attempt_id is null group by category, period order by category, period",
            [fmt],
        )
        return [{"category": r[0], "period": r[1], "count": r[2], "average": r[3]} for r in cursor.fetchall()]

    def most_missed_concepts(self, limit: int = 10) -> list[dict[str, Any]]:
        """Concepts missed most often across all scored answers (read with SQLite's JSON functions)."""
        cursor = self.db.execute(
            "select a.question_id, json_extract(c.value, '$.id'), json_extract(c.value, '$.label'), count(*) "
            "from attempts a, json_each(a.report_json, '$.concepts') c "
            "where a.report_json is not null and json_extract(c.value, '$.hit') = 0 "
            "group by a.question_id, json_extract(c.value, '$.id') order by count(*) desc, a.question_id limit ?",
            [limit],
        )
        return [{"question_id": r[0], "concept_id": r[1], "label": r[2], "misses": r[3]} for r in cursor.fetchall()]

    def totals(self) -> dict[str, Any]:
        """Counts and sums over all attempts: attempts, main answers, scored, average (of main answers
        only: a follow-up's score enters no average), time used, days."""
        row = self.db.execute(
            "select count(*), sum(parent_attempt_id is null), count(score), "
            "avg(case when parent_attempt_id is null then score end), "
            "coalesce(sum(time_used_seconds), 0), count(distinct substr(ended_at, 1, 10)), "
            "count(distinct session_id) from attempts"
        ).fetchone()
        return {
            "attempts": row[0],
            "main_attempts": row[1] or 0,
            "scored": row[2],
            "average": row[3],
            "time_used_seconds": row[4],
            "days": row[5],
            "sessions": row[6],
        }

    def practice_days(self, limit: int = 400) -> list[str]:
        """Distinct days (YYYY-MM-DD of `ended_at`) with at least one attempt, newest first."""
        cursor = self.db.execute(
            "select distinct substr(ended_at, 1, 10) as day from attempts order by day desc limit ?", [limit]
        )
        return [row[0] for row in cursor.fetchall()]

    def streak(self, today: str) -> int:
        """Consecutive days with an attempt, ending today or yesterday (`today` as YYYY-MM-DD)."""
        from datetime import date, timedelta

        days = self.practice_days()
        if not days:
            return 0
        current = date.fromisoformat(today)
        seen = set(days)
        if today not in seen:
            current -= timedelta(days=1)
        count = 0
        while current.isoformat() in seen:
            count += 1
            current -= timedelta(days=1)
        return count
