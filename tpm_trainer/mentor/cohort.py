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
            "select a.question_id, json_extract(c.value, '$.id') as concept, json_extract(c.value, '$.label') as label, "
            f"count(*) as misses, count(distinct {CANDIDATE_SQL}) as candidates "
            "from attempts a left join attempt_origin o on o.attempt_id = a.id "
            "join {reports} r on r.{report_key} = a.id, json_each(r.report_json, '$.concepts') c "
            "where r.report_json is not null and json_extract(c.value, '$.hit') = 0 "
            "group by a.question_id, concept order by misses desc, a.question_id, concept limit 50"
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
        "description": "Every answer: question, category, the answer text, timing, and the rubric's score and report.",
        "columns": {
            "score": "The rubric's score, 0-100.",
            "band": "The rubric's band (Strong hire, Hire, ...).",
            "report_json": "The full explained report (concepts hit and missed, evidence, red flags).",
            "parent_attempt_id": "For a follow-up answer: the main answer it follows.",
        },
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


def cohort_metadata(database_name: str, report_table: str = "attempts") -> dict[str, Any]:
    """Datasette metadata for the database file named `database_name` (its stem), whose reports are in
    `report_table` (`attempts`, or `attempt_reports` where the store keeps them apart)."""
    report_key = "attempt_id" if report_table == "attempt_reports" else "id"
    queries = {
        name: {**query, "sql": query["sql"].replace("{reports}", report_table).replace("{report_key}", report_key)}
        for name, query in CANNED_QUERIES.items()
    }
    return {
        "title": "tpm-trainer cohort",
        "description": "Candidates' answers, the rubric's scores and the mentors' grades, merged with `tpm-trainer import`.",
        "databases": {
            database_name: {
                "tables": TABLE_DESCRIPTIONS,
                "queries": queries,
            }
        },
    }


def write_metadata(database: Path, target: Path, report_table: str = "attempts") -> Path:
    """Write the metadata JSON for `database` to `target`."""
    target.write_text(json.dumps(cohort_metadata(database.stem, report_table), indent=2), encoding="utf-8")
    return target


def datasette_available() -> bool:
    return importlib.util.find_spec("datasette") is not None


def datasette_command(database: Path, metadata: Path, port: int, host: str = "127.0.0.1") -> list[str]:
    """The command that serves `database` (Datasette never writes to it) with the cohort metadata."""
    return [
        sys.executable, "-m", "datasette", "serve", str(database),
        "--metadata", str(metadata), "--host", host, "--port", str(port),
    ]  # fmt: skip
