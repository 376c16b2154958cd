"""`doctor`: check the database and repair what can be repaired without losing anything.

Checks SQLite's integrity, the schema version, foreign keys and orphaned rows; recounts the tables
kept by triggers and rebuilds the search index. Repairs only keep data: a follow-up or draft whose
main answer is gone is detached (kept as a main answer / plain draft), an attempt whose session is
gone gets a placeholder session, derived rows (reports, concept rows) of attempts that no longer
exist are dropped, and derived counts are recomputed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .backup import backups
from .db import StoreBase, pending_migrations
from .schema import FTS_TABLE, migrations


class _Skip(Exception):
    """The search index check writes a marker row, so it is skipped on a read-only database."""


@dataclass
class DoctorReport:
    """What `doctor` found and did."""

    integrity: list[str]
    applied: list[str]
    pending: list[str]
    repaired: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return self.integrity == ["ok"] and not self.problems and not self.pending


_ORPHANS = [
    (
        "follow-up(s) whose main answer is missing: detached (kept as main answers)",
        "select count(*) from attempts a where a.parent_attempt_id is not null "
        "and not exists (select 1 from attempts p where p.id = a.parent_attempt_id)",
        "update attempts set parent_attempt_id = null where parent_attempt_id is not null "
        "and parent_attempt_id not in (select id from attempts)",
    ),
    (
        "draft(s) pointing at a missing main answer: detached",
        "select count(*) from drafts d where d.parent_attempt_id is not null "
        "and not exists (select 1 from attempts p where p.id = d.parent_attempt_id)",
        "update drafts set parent_attempt_id = null where parent_attempt_id is not null "
        "and parent_attempt_id not in (select id from attempts)",
    ),
    (
        "attempt(s) of a missing session: placeholder session(s) added",
        "select count(*) from attempts a where a.session_id is not null "
        "and not exists (select 1 from sessions s where s.id = a.session_id)",
        "insert into sessions (id, mode, started_at, ended_at, config_json) "
        "select session_id, min(mode), min(started_at), max(ended_at), '{}' from attempts "
        "where session_id is not null and session_id not in (select id from sessions) group by session_id",
    ),
    (
        "report(s) of missing attempts: removed",
        "select count(*) from attempt_reports r where not exists (select 1 from attempts a where a.id = r.attempt_id)",
        "delete from attempt_reports where attempt_id not in (select id from attempts)",
    ),
    (
        "concept row(s) of missing attempts: removed",
        "select count(*) from attempt_concepts c where not exists (select 1 from attempts a where a.id = c.attempt_id)",
        "delete from attempt_concepts where attempt_id not in (select id from attempts)",
    ),
    (
        "concept row(s) missing for stored reports: rebuilt from the reports",
        "select count(*) from attempt_reports r join attempts a on a.id = r.attempt_id "
        "where a.parent_attempt_id is null and not exists "
        "(select 1 from attempt_concepts c where c.attempt_id = r.attempt_id) "
        "and json_array_length(r.report_json, '$.concepts') > 0",
        "insert or ignore into attempt_concepts (attempt_id, question_id, concept_id, label, kind, hit) "
        "select a.id, a.question_id, json_extract(c.value, '$.id'), coalesce(json_extract(c.value, '$.label'), ''), "
        "coalesce(json_extract(c.value, '$.kind'), 'concept'), coalesce(json_extract(c.value, '$.hit'), 0) "
        "from attempts a join attempt_reports r on r.attempt_id = a.id, json_each(r.report_json, '$.concepts') c "
        "where a.parent_attempt_id is null and not exists (select 1 from attempt_concepts x where x.attempt_id = a.id)",
    ),
]

_RECOUNTS = [
    (
        "concept miss counts",
        "concept_misses",
        "select question_id, concept_id, max(label), count(*) from attempt_concepts where hit = 0 "
        "group by question_id, concept_id",
        "question_id, concept_id, label, misses",
    ),
    (
        "daily totals",
        "daily_totals",
        "select substr(ended_at, 1, 10), count(*), sum(parent_attempt_id is null), count(score), "
        "sum(parent_attempt_id is null and score is not null), "
        "coalesce(sum(case when parent_attempt_id is null then score end), 0), "
        "coalesce(sum(time_used_seconds), 0) from attempts group by substr(ended_at, 1, 10)",
        "day, attempts, main_attempts, scored, main_scored, main_score_sum, time_used",
    ),
]


def run_doctor(store: StoreBase, repair: bool = True) -> DoctorReport:
    """Check the database; with `repair`, fix what can be fixed without losing anything."""
    db = store.db
    try:
        integrity = [str(row[0]) for row in db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:  # too damaged for the check to finish: that is the finding
        integrity = [str(error)]
    try:
        applied = [migration.name for migration in migrations.applied(db)]
        pending = pending_migrations(db)
    except sqlite3.DatabaseError:
        if integrity == ["ok"]:
            raise
        applied, pending = [], []  # unreadable in a damaged file; the integrity problem is reported below
    report = DoctorReport(integrity=integrity, applied=applied, pending=pending)
    if integrity != ["ok"]:
        # advise a restore only when there is a backup to restore, and name the newest (names end in its time)
        saved = backups(store.path)
        newest = max(saved, key=lambda path: path.stem.rsplit("-", 1)[-1]) if saved else None
        advice = f" (restore a backup: the newest is {newest})" if newest else " (no backup of this database found)"
        report.problems.append("SQLite integrity check failed: " + "; ".join(integrity[:5]) + advice)
        return report
    if report.pending:
        report.problems.append(f"schema step(s) not applied: {', '.join(report.pending)}")
        return report
    can_repair = repair and not store.read_only
    for description, count_sql, repair_sql in _ORPHANS:
        count = int(db.execute(count_sql).fetchone()[0])
        if not count:
            continue
        if can_repair:
            with store.write() as writing:
                writing.execute(repair_sql)
            report.repaired.append(f"{count} {description}")
        else:
            report.problems.append(f"{count} {description.split(':')[0]}")
    for label, table, select_sql, columns in _RECOUNTS:
        expected = sorted(tuple(row) for row in db.execute(f"{select_sql}").fetchall() if row[-1] or row[1])
        stored = sorted(
            tuple(row) for row in db.execute(f"select {columns} from {table}").fetchall() if row[-1] or row[1]
        )
        if _same(expected, stored):
            continue
        if can_repair:
            with store.write() as writing:
                writing.execute(f"delete from {table}")
                writing.execute(f"insert into {table} ({columns}) {select_sql}")
            report.repaired.append(f"{label} recounted")
        else:
            report.problems.append(f"{label} out of date")
    fts_ok = True
    try:
        if store.read_only:
            raise _Skip
        db.execute(f"insert into {FTS_TABLE} ({FTS_TABLE}, rank) values ('integrity-check', 1)")
    except _Skip:
        pass
    except Exception:
        fts_ok = False
    if not fts_ok:
        if can_repair:
            with store.write() as writing:
                writing.execute(f"insert into {FTS_TABLE} ({FTS_TABLE}) values ('rebuild')")
            report.repaired.append("search index rebuilt")
        else:
            report.problems.append("search index out of date")
    violations = db.execute("PRAGMA foreign_key_check").fetchall()
    if violations:
        tables = sorted({str(row[0]) for row in violations})
        report.problems.append(f"{len(violations)} row(s) break a foreign key (in {', '.join(tables)})")
    return report


def _same(left: list[tuple[object, ...]], right: list[tuple[object, ...]]) -> bool:
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        for x, y in zip(a, b, strict=True):
            if isinstance(x, float) or isinstance(y, float):
                if abs(float(x) - float(y)) > 1e-6 * max(1.0, abs(float(x))):  # type: ignore[arg-type]
                    return False
            elif x != y:
                return False
    return True
