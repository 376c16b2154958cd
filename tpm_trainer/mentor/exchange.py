"""Moving attempts between databases: filtered JSON exports, and imports that merge them.

An export names its candidate and each attempt's fingerprint and grades. Importing merges it into the
current database in one transaction per file: attempts already present (same fingerprint) are skipped,
ids are remapped (a follow-up points at its remapped main answer), sessions and grades come along.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..models import Question, ScoreReport
from ..store import Attempt, Store
from .grades import Grade, describe_grade
from .origin import fingerprint, local_candidate, origins, record_origin
from .schema import ensure_mentor_schema, has_mentor_tables

EXPORT_FORMAT = "tpm-trainer-export"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 200_000_000
REQUIRED_ATTEMPT_FIELDS = ("id", "question_id", "answer", "started_at", "ended_at", "mode")


class ExchangeError(ValueError):
    """An export file that cannot be imported; the message names the file and says why."""


@dataclass(frozen=True)
class ExportFilter:
    """Which attempts an export holds; every field left empty matches everything."""

    question_id: str | None = None
    category: str | None = None
    since: str | None = None
    """ISO date or date-time: attempts that ended on or after it."""
    candidate: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.question_id or self.category or self.since or self.candidate)


def _attempt_fingerprint(attempt: Attempt, candidate: str, recorded: dict[int, dict[str, Any]]) -> str:
    origin = recorded.get(attempt.id)
    if origin is not None and origin.get("fingerprint"):
        return str(origin["fingerprint"])
    return fingerprint(candidate, attempt.question_id, attempt.started_at, attempt.ended_at, attempt.answer)


def export_attempts(store: Store, selection: ExportFilter = ExportFilter()) -> Iterator[dict[str, Any]]:
    """The selected attempts as export dictionaries (candidate, fingerprint and grades included), by id."""
    recorded = origins(store.db)
    own_candidate = local_candidate(store.db)
    all_grades = _all_grades(store)
    for attempt in store.iter_attempts(order="id"):
        if selection.question_id and attempt.question_id != selection.question_id:
            continue
        if selection.category and attempt.category != selection.category:
            continue
        if selection.since and attempt.ended_at < selection.since:
            continue
        candidate = str(recorded.get(attempt.id, {}).get("candidate") or own_candidate)
        if selection.candidate and candidate != selection.candidate:
            continue
        data = attempt.to_dict()
        data["candidate"] = candidate
        data["fingerprint"] = _attempt_fingerprint(attempt, candidate, recorded)
        data["grades"] = [grade.to_dict() for grade in all_grades.get(attempt.id, [])]
        yield data


def _all_grades(store: Store) -> dict[int, list[Grade]]:
    grouped: dict[int, list[Grade]] = {}
    if not has_mentor_tables(store.db):
        return grouped
    for row in store.db.table("grades").rows_where(order_by="created_at, id"):
        grade = Grade.from_row(row)
        grouped.setdefault(grade.attempt_id, []).append(grade)
    return grouped


def _export_header(store: Store, selection: ExportFilter, scorer_version: str) -> dict[str, Any]:
    """The fields a JSON export starts with: format, version, when, scorer, candidate, filters."""
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scorer_version": scorer_version,
        "candidate": local_candidate(store.db),
        "filters": {key: value for key, value in selection.__dict__.items() if value},
    }


def export_payload(store: Store, selection: ExportFilter = ExportFilter(), scorer_version: str = "") -> dict[str, Any]:
    """The whole JSON export: sessions of the selected attempts, the attempts, and drafts when unfiltered."""
    attempts = list(export_attempts(store, selection))
    session_ids = {attempt["session_id"] for attempt in attempts if attempt.get("session_id")}
    all_sessions = store.db.table("sessions").rows_where(order_by="started_at")
    sessions = [session for session in all_sessions if selection.empty or session["id"] in session_ids]
    return {
        **_export_header(store, selection, scorer_version),
        "sessions": sessions,
        "attempts": attempts,
        "drafts": list(store.db.table("drafts").rows_where(order_by="updated_at desc, id desc"))
        if selection.empty
        else [],
    }


def export_json_pieces(
    store: Store, selection: ExportFilter, scorer_version: str, counted: list[int] | None = None
) -> Iterator[str]:
    """The JSON export as text pieces, one attempt at a time (constant memory). Attempts come before
    the sessions, so a filtered export holds only the sessions of its attempts. Each attempt written
    appends 1 to `counted`."""
    header = _export_header(store, selection, scorer_version)
    yield json.dumps(header, indent=2, ensure_ascii=False)[:-2]
    session_ids: set[str] = set()

    def attempts() -> Iterator[dict[str, Any]]:
        for data in export_attempts(store, selection):
            if data.get("session_id"):
                session_ids.add(str(data["session_id"]))
            if counted is not None:
                counted.append(1)
            yield data

    def sessions() -> Iterator[dict[str, Any]]:
        for row in store.db.table("sessions").rows_where(order_by="started_at"):
            if selection.empty or row["id"] in session_ids:
                yield row

    def drafts() -> Iterator[dict[str, Any]]:
        if selection.empty:
            yield from store.db.table("drafts").rows_where(order_by="updated_at desc, id desc")

    for key, items in (("attempts", attempts()), ("sessions", sessions()), ("drafts", drafts())):
        yield f',\n  "{key}": ['
        for number, item in enumerate(items):
            text = json.dumps(item, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            yield ("," if number else "") + "\n    " + text
        yield "\n  ]"
    yield "\n}\n"


def export_markdown_pieces(
    store: Store, questions: Mapping[str, Question], selection: ExportFilter, counted: list[int] | None = None
) -> Iterator[str]:
    """The Markdown export, one attempt at a time, each followed by its mentor grades."""
    from ..render import attempt_markdown
    from ..textsafe import for_markdown

    yield "# tpm-trainer history\n\n"
    for data in export_attempts(store, selection):
        attempt = store.attempt(int(data["id"]))
        if attempt is None:
            continue
        if counted is not None:
            counted.append(1)
        lines = [attempt_markdown(attempt, questions.get(attempt.question_id))]
        if data["candidate"]:
            lines.append(f"- Candidate: {for_markdown(data['candidate'])}")
        lines += [f"- Mentor grade: {for_markdown(describe_grade(grade))}" for grade in data["grades"]]
        yield "\n".join(lines) + "\n\n"


# ------------------------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What importing one file did."""

    path: Path
    candidate: str
    added: int = 0
    skipped: int = 0
    grades_added: int = 0
    unreadable_reports: int = 0
    warnings: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (
            f"{self.path}: {self.added} attempt(s) added, {self.skipped} already present, "
            f"{self.grades_added} grade(s) added (candidate: {self.candidate})"
        )
        if self.unreadable_reports:
            text += f"; {self.unreadable_reports} report(s) from another scorer kept out, run `tpm-trainer rescore`"
        return text


def read_export(path: Path) -> dict[str, Any]:
    """Read and check an export file; raises ExchangeError with a plain message."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ExchangeError(f"{path}: the file is {size:,} bytes; the limit is {MAX_IMPORT_BYTES:,}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExchangeError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExchangeError(f"{path}: is a folder, not an export file") from None
    except UnicodeDecodeError:
        raise ExchangeError(f"{path}: not a tpm-trainer export (not UTF-8 text)") from None
    except OSError as error:
        raise ExchangeError(f"{path}: cannot read the file ({error.strerror or error})") from None
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExchangeError(
            f"{path}:{error.lineno}:{error.colno}: not a tpm-trainer export (not JSON: {error.msg.lower()}); "
            "make one with `tpm-trainer export -o FILE`"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise ExchangeError(f"{path}: not a tpm-trainer export (make one with `tpm-trainer export -o FILE`)")
    version = payload.get("version")
    if not isinstance(version, int) or version < 1:
        raise ExchangeError(f"{path}: the export has no valid format version")
    if version > EXPORT_VERSION:
        raise ExchangeError(
            f"{path}: written by a newer tpm-trainer (export format {version}; this version reads up to "
            f"{EXPORT_VERSION}); upgrade tpm-trainer to import it"
        )
    if not isinstance(payload.get("attempts"), list):
        raise ExchangeError(f"{path}: the export has no `attempts` list")
    for index, attempt in enumerate(payload["attempts"]):
        if not isinstance(attempt, dict):
            raise ExchangeError(f"{path}: attempts.{index} is not an attempt")
        missing = [key for key in REQUIRED_ATTEMPT_FIELDS if key not in attempt]
        if missing:
            raise ExchangeError(f"{path}: attempts.{index} lacks {', '.join(missing)}")
        wrong = [key for key in REQUIRED_ATTEMPT_FIELDS[1:] if not isinstance(attempt[key], str)]
        if not isinstance(attempt["id"], int) or isinstance(attempt["id"], bool):
            wrong.insert(0, "id (a number)")
        parent = attempt.get("parent_attempt_id")
        if parent is not None and not isinstance(parent, int):
            wrong.append("parent_attempt_id (a number)")
        if wrong:
            raise ExchangeError(f"{path}: attempts.{index}: wrong type of {', '.join(wrong)}")
    return payload


def import_exports(store: Store, paths: Iterable[Path], candidate: str | None = None) -> list[ImportResult]:
    """Import every file (each checked before anything is written; each in its own transaction)."""
    ensure_mentor_schema(store.db)
    payloads = [(path, read_export(path)) for path in paths]
    return [_import_one(store, path, payload, candidate) for path, payload in payloads]


def _import_one(store: Store, path: Path, payload: dict[str, Any], candidate_option: str | None) -> ImportResult:
    file_candidate = str(payload.get("candidate") or "")
    db = store.db
    known = {
        str(row[0]): int(row[1]) for row in db.execute("select fingerprint, attempt_id from attempt_origin").fetchall()
    }
    result = ImportResult(path, file_candidate or candidate_option or "")
    if candidate_option and file_candidate and candidate_option != file_candidate:
        result.warnings.append(
            f"{path}: the export names its candidate `{file_candidate}`; `--candidate {candidate_option}` was ignored"
        )
    id_map: dict[int, int] = {}
    with store.write():
        session_columns = set(db.table("sessions").columns_dict)
        for session in payload.get("sessions") or []:
            if isinstance(session, dict) and isinstance(session.get("id"), str):
                known_fields = {key: value for key, value in session.items() if key in session_columns}
                db.table("sessions").insert(known_fields, ignore=True)
        for data in sorted(payload["attempts"], key=lambda item: int(item["id"])):
            name = str(data.get("candidate") or file_candidate or candidate_option or "")
            if not name:
                raise ExchangeError(
                    f"{path}: the export does not name its candidate; pass `--candidate NAME` to say whose answers they are"
                )
            attempt_fingerprint = str(
                data.get("fingerprint")
                or fingerprint(name, data["question_id"], data["started_at"], data["ended_at"], data["answer"])
            )
            if attempt_fingerprint in known:
                id_map[int(data["id"])] = known[attempt_fingerprint]
                result.skipped += 1
            else:
                new_id = _insert_attempt(store, data, id_map, result)
                record_origin(db, new_id, name, attempt_fingerprint, str(path))
                known[attempt_fingerprint] = new_id
                id_map[int(data["id"])] = new_id
                result.added += 1
            result.grades_added += _import_grades(store, id_map[int(data["id"])], data.get("grades") or [])
    return result


def _insert_attempt(store: Store, data: dict[str, Any], id_map: dict[int, int], result: ImportResult) -> int:
    report: ScoreReport | None = None
    if data.get("report"):
        try:
            report = ScoreReport.model_validate(data["report"])
        except ValidationError:
            result.unreadable_reports += 1
    parent = data.get("parent_attempt_id")
    session_id = data.get("session_id")
    if session_id and store.session(session_id) is None:
        session_id = None
    return store.save_attempt(
        question_id=str(data["question_id"]),
        category=str(data.get("category") or ""),
        answer=str(data["answer"]),
        started_at=str(data["started_at"]),
        ended_at=str(data["ended_at"]),
        mode=str(data["mode"]),
        report=report,
        time_limit_seconds=data.get("time_limit_seconds"),
        time_used_seconds=data.get("time_used_seconds"),
        session_id=session_id,
        parent_attempt_id=id_map.get(int(parent)) if parent is not None else None,
        prompt=data.get("prompt"),
    )


def _import_grades(store: Store, attempt_id: int, grades: list[Any]) -> int:
    added = 0
    for grade in grades:
        if not isinstance(grade, dict) or grade.get("score") is None or not grade.get("created_at"):
            continue
        exists = store.db.execute(
            "select 1 from grades where attempt_id = ? and created_at = ? and mentor = ? and score = ?",
            [attempt_id, grade["created_at"], grade.get("mentor") or "", float(grade["score"])],
        ).fetchone()
        if exists:
            continue
        store.db.table("grades").insert(
            {
                "attempt_id": attempt_id,
                "score": float(grade["score"]),
                "band": grade.get("band"),
                "comment": grade.get("comment") or "",
                "mentor": grade.get("mentor") or "",
                "created_at": grade["created_at"],
            }
        )
        added += 1
    return added
