"""The cohort view: a merged database served by Datasette, with table descriptions and canned queries.

`tpm-trainer cohort` writes the metadata next to nothing (a temporary file) and starts Datasette on the
current database; `write_metadata` lets a mentor run `datasette DB -m metadata.json` themselves.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

CANDIDATE_SQL = (
    "coalesce(nullif(o.candidate, ''), "
    "(select json_extract(value_json, '$') from settings where key = 'candidate'), '(unnamed)')"
)

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "scores_over_time": {
        "title": "Scores per candidate and category over time",
        "description": "Main answers per ISO week: how many, the rubric's average score and the mentors' average grade.",
        "sql": (
            f"select {CANDIDATE_SQL} as candidate, a.category, strftime('%Y-W%W', a.ended_at) as week, "
            "count(*) as attempts, round(avg(a.score), 1) as average_score, "
            "round(avg((select g.score from grades g where g.attempt_id = a.id order by g.created_at desc, g.id desc "
            "limit 1)), 1) as average_mentor_grade "
            "from attempts a left join attempt_origin o on o.attempt_id = a.id "
            "where a.parent_attempt_id is null and a.score is not null "
            "group by candidate, a.category, week order by candidate, a.category, week"
        ),
    },
    "most_missed_concepts": {
        "title": "Most-missed concepts",
        "description": "Rubric concepts missed most often across the cohort, with how many candidates missed each.",
        "sql": (
            "select c.question_id, c.concept_id as concept, c.label, count(*) as misses, "
            f"count(distinct {CANDIDATE_SQL}) as candidates "
            "from attempt_concepts c join attempts a on a.id = c.attempt_id "
            "left join attempt_origin o on o.attempt_id = a.id "
            "where c.hit = 0 and c.kind = 'concept' and a.parent_attempt_id is null "
            "group by c.question_id, c.concept_id order by misses desc, c.question_id, c.concept_id limit 50"
        ),
    },
    "awaiting_grade": {
        "title": "Attempts awaiting a mentor grade",
        "description": "Main answers no mentor has graded yet, oldest first; grade one with `tpm-trainer grade ID --score N`.",
        "sql": (
            f"select a.id, {CANDIDATE_SQL} as candidate, a.question_id, a.category, a.ended_at, a.score, a.band "
            "from attempts a left join attempt_origin o on o.attempt_id = a.id "
            "where a.parent_attempt_id is null and not exists (select 1 from grades g where g.attempt_id = a.id) "
            "order by a.ended_at, a.id"
        ),
    },
}

TABLE_DESCRIPTIONS: dict[str, dict[str, Any]] = {
    "attempts": {
        "description": "Every answer: question, category, the answer text, timing, and the rubric's score and band.",
        "columns": {
            "score": "The rubric's score, 0-100.",
            "band": "The rubric's band (Strong hire, Hire, ...).",
            "parent_attempt_id": "For a follow-up answer: the main answer it follows.",
        },
    },
    "attempt_reports": {
        "description": "The full explained report of each attempt (concepts hit and missed, evidence, red flags, "
        "the rubric file and scorer behind it), as JSON.",
    },
    "attempt_concepts": {
        "description": "One row per attempt and rubric concept (or structure check): hit or missed.",
    },
    "grades": {
        "description": "Mentor grades: a score (0-100), the band it falls in, a comment and the mentor's name.",
        "columns": {"attempt_id": "The graded attempt.", "score": "The mentor's score, 0-100."},
    },
    "attempt_origin": {
        "description": "Imported attempts: whose they are (candidate) and their fingerprint, so imports are idempotent.",
        "columns": {"fingerprint": "Hash of candidate, question, times and answer."},
    },
    "report_history": {
        "description": "Reports an attempt had before it was re-scored, with the rubric file and scorer behind each.",
    },
    "sessions": {"description": "Mock-interview sessions."},
    "drafts": {"description": "Unfinished answers saved while typing."},
    "settings": {"description": "Settings, including this database's own candidate name (`candidate`)."},
}


def cohort_metadata(database_name: str) -> dict[str, Any]:
    """Datasette metadata for the database file named `database_name` (its stem)."""
    return {
        "title": "tpm-trainer cohort",
        "description": "Candidates' answers, the rubric's scores and the mentors' grades, merged with `tpm-trainer import`.",
        "databases": {
            database_name: {
                "tables": TABLE_DESCRIPTIONS,
                "queries": CANNED_QUERIES,
            }
        },
    }


def write_metadata(database: Path, target: Path) -> Path:
    """Write the metadata JSON for `database` to `target`."""
    target.write_text(json.dumps(cohort_metadata(database.stem), indent=2), encoding="utf-8")
    return target


def datasette_available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def datasette_command(database: Path, metadata: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    """The command that serves `database` (Datasette never writes to it) with the cohort metadata."""
    return [
        sys.executable, "-m", "datasette", "serve", str(database),
        "--metadata", str(metadata), "--host", host, "--port", str(port),
    ]  # fmt: skip
