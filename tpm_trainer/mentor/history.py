"""Earlier reports of an attempt: kept in `report_history` whenever an attempt is re-scored."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from ..models import ScoreReport
from ..store import Attempt
from .schema import has_mentor_tables


@dataclass(frozen=True)
class PastReport:
    """A report an attempt had before a re-score replaced it."""

    attempt_id: int
    score: float | None
    band: str | None
    rubric_hash: str | None
    rubric_source: str
    scorer_version: str | None
    replaced_at: str
    report_json: str | None

    def describe(self) -> str:
        score = f"{self.score:g}" if self.score is not None else "-"
        source = self.rubric_source or "unknown rubric file"
        return (
            f"{self.replaced_at[:19]}: {score} {self.band or ''} (rubric {self.rubric_hash or '-'} from {source}, "
            f"scorer {self.scorer_version or '-'})"
        )

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["report"] = json_or_none(data.pop("report_json"))
        return data


def json_or_none(text: str | None) -> Any:
    return json.loads(text) if text else None


def archive_report(db: sqlite_utils.Database, attempt: Attempt) -> None:
    """Keep the attempt's current report in its history (call before replacing it, inside the same
    transaction, after `ensure_mentor_schema`)."""
    if attempt.report is None and attempt.score is None:
        return
    report: ScoreReport | None = attempt.report
    db.table("report_history").insert(
        {
            "attempt_id": attempt.id,
            "score": attempt.score,
            "band": attempt.band,
            "report_json": report.model_dump_json() if report is not None else None,
            "rubric_hash": attempt.rubric_hash,
            "rubric_source": report.rubric_source if report is not None else "",
            "scorer_version": attempt.scorer_version,
            "replaced_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        }
    )


def past_reports(db: sqlite_utils.Database, attempt_id: int) -> list[PastReport]:
    """The attempt's earlier reports, oldest first."""
    if not has_mentor_tables(db):
        return []
    rows = db.table("report_history").rows_where("attempt_id = ?", [attempt_id], order_by="replaced_at, id")
    return [
        PastReport(
            attempt_id=int(row["attempt_id"]),
            score=row["score"],
            band=row["band"],
            rubric_hash=row["rubric_hash"],
            rubric_source=row["rubric_source"] or "",
            scorer_version=row["scorer_version"],
            replaced_at=str(row["replaced_at"]),
            report_json=row["report_json"],
        )
        for row in rows
    ]
