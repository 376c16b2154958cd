"""Which rubric produced a report: its source file and author, stamped on the report after scoring.

The scorer is pure (text and rubric in, report out) and does not know files; the bank does. Every front
end that scores an answer from the bank calls `stamp_report` before storing the report.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from ..bank import Bank
from ..models import ScoreReport


def rubric_source(bank: Bank, question_id: str) -> str:
    """The file the bank's rubric for `question_id` was read from (empty when there is none)."""
    path = bank.rubric_files.get(question_id)
    return str(path.resolve()) if path is not None else ""


def stamp_report(report: ScoreReport, bank: Bank) -> ScoreReport:
    """The report with its rubric's source file and author filled in."""
    rubric = bank.rubric_for(report.question_id)
    author = rubric.author if rubric is not None else ""
    return report.model_copy(update={"rubric_source": rubric_source(bank, report.question_id), "rubric_author": author})


def provenance_line(report: ScoreReport) -> str:
    """One line naming the rubric and scorer behind a report."""
    source = report.rubric_source or "unknown file (scored before sources were recorded)"
    author = f" by {report.rubric_author}" if report.rubric_author else ""
    return (
        f"rubric {source}{author}, version {report.rubric_version}, hash {report.rubric_hash}; "
        f"scorer {report.scorer_version}"
    )


def report_table(db: sqlite_utils.Database) -> str:
    """The table holding `report_json` by attempt: `attempt_reports` (when the store keeps reports apart)
    or `attempts` itself."""
    return "attempt_reports" if db.table("attempt_reports").exists() else "attempts"


def stored_sources(db: sqlite_utils.Database, attempt_ids: Iterable[int]) -> dict[int, str]:
    """The rubric file each attempt's stored report names (attempts without one are left out)."""
    table = report_table(db)
    key = "attempt_id" if table == "attempt_reports" else "id"
    wanted = set(attempt_ids)
    rows = db.execute(
        f"select {key}, json_extract(report_json, '$.rubric_source') from {table} "
        "where report_json is not null and json_valid(report_json)"
    ).fetchall()
    return {int(row[0]): str(row[1]) for row in rows if row[1] and int(row[0]) in wanted}
