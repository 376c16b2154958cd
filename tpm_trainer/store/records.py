"""Typed records the store hands out: attempts, drafts and sessions (frozen dataclasses)."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any

from ..models import ScoreReport


def now_iso() -> str:
    """The current UTC time, ISO 8601 to the second (how every time is stored)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Attempt:
    """One stored answer with its score (the report is parsed from its own table)."""

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
        values: dict[str, Any] = {field.name: row.get(field.name) for field in fields(cls) if field.name != "report"}
        return cls(report=report, **values)

    def to_dict(self) -> dict[str, Any]:
        data = {field.name: getattr(self, field.name) for field in fields(self) if field.name != "report"}
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
        values: dict[str, Any] = {field.name: row.get(field.name) for field in fields(cls)}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


@dataclass(frozen=True)
class Session:
    """A mock interview (or practice run): when it started and ended, and how it was set up."""

    id: str
    mode: str
    started_at: str
    ended_at: str | None
    config: dict[str, Any]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Session:
        try:
            config = json.loads(row.get("config_json") or "{}")
        except ValueError:
            config = {}
        return cls(
            id=row["id"],
            mode=row["mode"],
            started_at=row["started_at"],
            ended_at=row.get("ended_at"),
            config=config if isinstance(config, dict) else {},
        )

    def __getitem__(self, column: str) -> Any:
        """`session["ended_at"]`: the stored column, as when sessions were plain dicts."""
        return self.to_dict()[column]

    def get(self, column: str, default: Any = None) -> Any:
        """`session.get("config_json")`: as when sessions were plain dicts."""
        return self.to_dict().get(column, default)

    def to_dict(self) -> dict[str, Any]:
        """The stored columns (as the JSON export has always written them)."""
        return {
            "id": self.id,
            "mode": self.mode,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "config_json": json.dumps(self.config),
        }
