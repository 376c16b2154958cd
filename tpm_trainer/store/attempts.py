"""Attempts: save (with the report and its concept rows in the same transaction), read, filter, page.

Lists and filters read the attempt columns only; the report JSON is read from `attempt_reports`
when a whole attempt is asked for. The history text filter uses the FTS5 index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import sqlite_utils

from ..models import ScoreReport
from .db import StoreBase
from .records import Attempt
from .schema import ATTEMPT_COLUMNS, FTS_TABLE

_FULL_SELECT = (
    "select "
    + ", ".join(f"a.{column}" for column in ATTEMPT_COLUMNS)
    + ", r.report_json from attempts a left join attempt_reports r on r.attempt_id = a.id"
)
_FULL_COLUMNS = (*ATTEMPT_COLUMNS, "report_json")
_WORD = re.compile(r"\w+", re.UNICODE)
_DATE_INDEX = "idx_attempts_ended_at_id"
"""The (ended_at, id) index made by schema step m004."""


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of `text` as a prefix (None when `text` has no word)."""
    words = _WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words) if words else None


def _write_report(
    db: sqlite_utils.Database, attempt_id: int, question_id: str, report: ScoreReport | None, follow_up: bool
) -> None:
    """Store (or replace) an attempt's report JSON and, for a main answer, its per-concept rows.

    A follow-up answer keeps its report but no concept rows: it is graded only on what it probes, so its
    misses say nothing of the question's rubric and must not count among the concepts a candidate misses
    (the rows feed the maintained miss counts, drills and rescoring's plan)."""
    db.execute("delete from attempt_concepts where attempt_id = ?", [attempt_id])
    if report is None:
        db.execute("delete from attempt_reports where attempt_id = ?", [attempt_id])
        return
    db.execute(
        "insert or replace into attempt_reports (attempt_id, report_json) values (?, ?)",
        [attempt_id, report.model_dump_json()],
    )
    if follow_up:
        return
    db.conn.executemany(
        "insert or ignore into attempt_concepts (attempt_id, question_id, concept_id, label, kind, hit) "
        "values (?, ?, ?, ?, ?, ?)",
        [
            (attempt_id, question_id, concept.id, concept.label, concept.kind, int(concept.hit))
            for concept in report.concepts
        ],
    )


class AttemptsMixin(StoreBase):
    """Saving and reading attempts."""

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

    # -- writing -------------------------------------------------------------------------------

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
        """Store one attempt with its report (and delete its draft) in one transaction; returns its id.

        Inside `with store.write():` it joins the caller's transaction (e.g. a main answer and its
        follow-ups saved together)."""
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
            "rubric_hash": report.rubric_hash if report else None,
            "scorer_version": report.scorer_version if report else None,
        }
        with self.write() as db:
            columns = ", ".join(row)
            cursor = db.conn.execute(
                f"insert into attempts ({columns}) values ({', '.join('?' for _ in row)})", list(row.values())
            )
            attempt_id = int(cursor.lastrowid or 0)
            _write_report(db, attempt_id, question_id, report, parent_attempt_id is not None)
            if draft_id is not None:
                db.conn.execute("delete from drafts where id = ?", [draft_id])
        return attempt_id

    def save_attempts(self, attempts: Iterable[dict[str, Any]]) -> list[int]:
        """Store many attempts (keyword arguments of `save_attempt` each) in one transaction."""
        with self.write():
            return [self.save_attempt(**attempt) for attempt in attempts]

    def update_score(self, attempt_id: int, report: ScoreReport) -> None:
        """Replace an attempt's score and report (e.g. after a rubric changed)."""
        with self.write() as db:
            row = db.conn.execute(
                "select question_id, parent_attempt_id from attempts where id = ?", [attempt_id]
            ).fetchone()
            if row is None:
                return
            db.conn.execute(
                "update attempts set score = ?, band = ?, rubric_hash = ?, scorer_version = ? where id = ?",
                [report.score, report.band, report.rubric_hash, report.scorer_version, attempt_id],
            )
            _write_report(db, attempt_id, str(row[0]), report, row[1] is not None)

    def delete_attempt(self, attempt_id: int) -> bool:
        """Delete an attempt with its follow-ups, reports and concept rows; False if there was none."""
        with self.write() as db:
            cursor = db.conn.execute("delete from attempts where id = ?", [attempt_id])
            db.conn.execute("update drafts set parent_attempt_id = null where parent_attempt_id = ?", [attempt_id])
        return cursor.rowcount > 0

    # -- reading whole attempts ----------------------------------------------------------------

    def _full_rows(self, sql: str, params: list[Any]) -> Iterator[Attempt]:
        for values in self.db.execute(sql, params):
            yield Attempt.from_row(dict(zip(_FULL_COLUMNS, values, strict=True)))

    def attempt(self, attempt_id: int) -> Attempt | None:
        return next(self._full_rows(f"{_FULL_SELECT} where a.id = ?", [attempt_id]), None)

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
        """Whole attempts (reports included) matching the filters; use `iter_attempts` for many."""
        return list(
            self.iter_attempts(
                order=order,
                question_id=question_id,
                category=category,
                session_id=session_id,
                text=text,
                since=since,
                limit=limit,
                offset=offset,
            )
        )

    def iter_attempts(
        self,
        order: str = "id",
        *,
        question_id: str | None = None,
        category: str | None = None,
        session_id: str | None = None,
        text: str | None = None,
        since: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Attempt]:
        """Stream whole attempts one at a time (constant memory), in `order` (SQL over attempt columns)."""
        where, params = self._filters(question_id, category, session_id, text, since)
        sql = f"{_FULL_SELECT}{' where ' + where if where else ''} order by {_qualified(order)}"
        if limit is not None or offset:
            sql += " limit ? offset ?"
            params += [-1 if limit is None else limit, offset]
        yield from self._full_rows(sql, params)

    def iter_attempt_dicts(self, order: str = "id") -> Iterator[dict[str, Any]]:
        """Stream every attempt as `Attempt.to_dict()` would give it, without building models: the
        report is the stored JSON, parsed (what an export writes)."""
        cursor = self.db.execute(f"{_FULL_SELECT} order by {_qualified(order)}")
        for values in cursor:
            row = dict(zip(_FULL_COLUMNS, values, strict=True))
            report_json = row.pop("report_json")
            row["report"] = json.loads(report_json) if report_json else None
            yield row

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
        sql = "select count(*) from attempts a" + (f" where {where}" if where else "")
        return int(self.db.execute(sql, params).fetchone()[0])

    def previous_attempt(self, question_id: str, before_id: int) -> Attempt | None:
        """The latest main answer to the same question before `before_id`."""
        sql = (
            f"{_FULL_SELECT} where a.question_id = ? and a.id < ? and a.parent_attempt_id is null "
            "order by a.id desc limit 1"
        )
        return next(self._full_rows(sql, [question_id, before_id]), None)

    def follow_up_attempts(self, parent_attempt_id: int) -> list[Attempt]:
        """The follow-up answers given after one main attempt, oldest first."""
        return list(self._full_rows(f"{_FULL_SELECT} where a.parent_attempt_id = ? order by a.id", [parent_attempt_id]))

    def attempt_answer(self, attempt_id: int) -> str | None:
        """Only the answer text of one attempt."""
        row = self.db.execute("select answer from attempts where id = ?", [attempt_id]).fetchone()
        return None if row is None else str(row[0])

    def attempt_report(self, attempt_id: int) -> ScoreReport | None:
        """Only the stored report of one attempt."""
        row = self.db.execute("select report_json from attempt_reports where attempt_id = ?", [attempt_id]).fetchone()
        return None if row is None else ScoreReport.model_validate_json(row[0])

    def plan_columns(self) -> list[tuple[int, str, int | None, str | None, str | None]]:
        """(id, question_id, parent_attempt_id, rubric_hash, scorer_version) of every attempt, by id,
        read from an index that holds exactly these (never the wide rows)."""
        rows = self.db.execute(
            "select id, question_id, parent_attempt_id, rubric_hash, scorer_version "
            "from attempts indexed by attempts_rescore_plan"
        ).fetchall()
        rows.sort()
        return [(int(r[0]), str(r[1]), r[2], r[3], r[4]) for r in rows]

    def missed_concept_ids(self, attempt_ids: Iterable[int]) -> dict[int, list[str]]:
        """For each attempt, the ids of the rubric concepts its report missed (from the concept rows)."""
        wanted = list(attempt_ids)
        missed: dict[int, list[str]] = {attempt_id: [] for attempt_id in wanted}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            cursor = self.db.execute(
                "select attempt_id, concept_id from attempt_concepts where hit = 0 and kind = 'concept' "
                f"and attempt_id in ({', '.join('?' for _ in chunk)}) order by attempt_id",
                chunk,
            )
            for attempt_id, concept_id in cursor:
                missed[int(attempt_id)].append(str(concept_id))
        return missed

    # -- lists (columns only) ------------------------------------------------------------------

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
        question_id: str | None = None,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of history rows (list columns only, no answer or report) and the total matching.

        `text` matches words (as prefixes) of the question id, category, prompt and answer, or any of
        `question_ids` (e.g. ids whose title matches); `since`/`until` are ISO dates compared with
        `ended_at` (`until` inclusive of the day); `order` is one of SUMMARY_ORDERS.
        """
        where, params = self._filters(question_id, category, None, text, since, until, question_ids)
        where = f" where {where}" if where else ""
        template = self.SUMMARY_ORDERS.get(order, self.SUMMARY_ORDERS["date"])
        order_by = template.format(dir="desc" if descending else "asc")
        columns = ", ".join(self.SUMMARY_COLUMNS)
        # With a text filter, walk the small date index and test each id against the search's
        # matches, rather than fetching every matching (wide) row to sort or count it.
        by_date = f"attempts a indexed by {_DATE_INDEX}" if text else "attempts a"
        page_source = by_date if order not in self.SUMMARY_ORDERS or order == "date" else "attempts a"
        cursor = self.db.execute(
            f"select {columns} from {page_source}{where} order by {order_by} limit ? offset ?",
            [*params, limit, offset],
        )
        rows = [dict(zip(self.SUMMARY_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        total = int(self.db.execute(f"select count(*) from {by_date}{where}", params).fetchone()[0])
        return rows, total

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
        """The WHERE clause (without the keyword, over `attempts a`) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("question_id", question_id), ("category", category), ("session_id", session_id)):
            if value:
                clauses.append(f"a.{column} = ?")
                params.append(value)
        if text:
            query = fts_query(text)
            if query is not None:
                text_clause = f"a.id in (select rowid from {FTS_TABLE} where {FTS_TABLE} match ?)"
                params.append(query)
            else:
                text_clause = "a.question_id like ? or a.category like ?"
                params.extend([f"%{text}%"] * 2)
            if text_question_ids:
                text_clause += f" or a.question_id in ({', '.join('?' for _ in text_question_ids)})"
                params.extend(text_question_ids)
            clauses.append(f"({text_clause})")
        if since:
            clauses.append("a.ended_at >= ?")
            params.append(since)
        if until:
            clauses.append("a.ended_at < ?")
            params.append(until + "~")  # "~" sorts after any time part of that day
        return " and ".join(clauses), params


def _qualified(order: str) -> str:
    """An ORDER BY over attempt columns, each qualified with the `a` alias."""
    return re.sub(r"\b(" + "|".join(ATTEMPT_COLUMNS) + r")\b", r"a.\1", order)
