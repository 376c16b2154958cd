"""Statistics for the home and progress screens, read from tables kept up to date by triggers
(`daily_totals`, `concept_misses`) and covering indexes, so they stay cheap as history grows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .db import StoreBase

_MAIN_SCORED = "indexed by attempts_main_scored"
"""The partial covering index of scored main answers: per-category figures never read the wide rows."""


class StatsMixin(StoreBase):
    def totals(self) -> dict[str, Any]:
        """Counts and sums over all attempts: attempts, main answers, scored, average (of main answers
        only: a follow-up's score enters no average), time used, days, sessions."""
        row = self.db.execute(
            "select coalesce(sum(attempts), 0), coalesce(sum(main_attempts), 0), coalesce(sum(scored), 0), "
            "sum(main_score_sum), coalesce(sum(time_used), 0), count(*), coalesce(sum(main_scored), 0) "
            "from daily_totals where attempts > 0"
        ).fetchone()
        sessions = self.db.execute(
            "select count(*) from (select distinct session_id from attempts where session_id is not null)"
        ).fetchone()[0]
        main_scored = int(row[6])
        return {
            "attempts": int(row[0]),
            "main_attempts": int(row[1]),
            "scored": int(row[2]),
            "average": (row[3] / main_scored) if main_scored else None,
            "time_used_seconds": row[4],
            "days": int(row[5]),
            "sessions": int(sessions),
        }

    def practice_days(self, limit: int = 400) -> list[str]:
        """Distinct days (YYYY-MM-DD of `ended_at`) with at least one attempt, newest first."""
        cursor = self.db.execute("select day from daily_totals where attempts > 0 order by day desc limit ?", [limit])
        return [str(row[0]) for row in cursor]

    def streak(self, today: str) -> int:
        """Consecutive days with an attempt, ending today or yesterday (`today` as YYYY-MM-DD)."""
        seen = set(self.practice_days())
        if not seen:
            return 0
        current = date.fromisoformat(today)
        if today not in seen:
            current -= timedelta(days=1)
        count = 0
        while current.isoformat() in seen:
            count += 1
            current -= timedelta(days=1)
        return count

    def home_statistics(self, today: str) -> dict[str, Any]:
        """What the home screen shows: totals, the streak and the number of drafts."""
        totals = self.totals()
        totals["streak"] = self.streak(today)
        totals["drafts"] = int(self.db.execute("select count(*) from drafts").fetchone()[0])
        return totals

    def category_stats(self) -> list[dict[str, Any]]:
        """Per category: number of scored main attempts and their average score."""
        cursor = self.db.execute(
            f"select category, count(*), avg(score) from attempts {_MAIN_SCORED} where score is not null "
            "and parent_attempt_id is null group by category order by category"
        )
        return [{"category": row[0], "count": row[1], "average": row[2]} for row in cursor]

    def category_trend(self, bucket: str = "week") -> list[dict[str, Any]]:
        """Average score of main attempts per category per period (`week`: ISO year-week, `day`, `month`)."""
        lengths = {"day": 10, "month": 7}
        if bucket in lengths:
            period = f"substr(ended_at, 1, {lengths[bucket]})"
            params: list[Any] = []
        else:
            period = "strftime(?, ended_at)"
            params = ["%Y-W%W"]
        cursor = self.db.execute(
            f"select category, {period} as period, count(*), avg(score) from attempts {_MAIN_SCORED} "
            "where score is not null and parent_attempt_id is null group by category, period order by category, period",
            params,
        )
        return [{"category": r[0], "period": r[1], "count": r[2], "average": r[3]} for r in cursor]

    def most_missed_concepts(self, limit: int = 10) -> list[dict[str, Any]]:
        """Concepts missed most often across all scored answers (kept counts, not a scan of reports)."""
        cursor = self.db.execute(
            "select question_id, concept_id, label, misses from concept_misses where misses > 0 "
            "order by misses desc, question_id, concept_id limit ?",
            [limit],
        )
        return [{"question_id": r[0], "concept_id": r[1], "label": r[2], "misses": r[3]} for r in cursor]

    def progress_statistics(self, today: str, period: str = "week") -> dict[str, Any]:
        """Everything the progress screen shows, in one call."""
        return {
            "totals": self.totals(),
            "streak": self.streak(today),
            "categories": self.category_stats(),
            "trend": self.category_trend(period),
            "missed": self.most_missed_concepts(10),
        }
