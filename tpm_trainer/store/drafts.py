"""Drafts: unfinished answers saved while the candidate types."""

from __future__ import annotations

from .db import StoreBase
from .records import Draft, now_iso

_DRAFT_COLUMNS = (
    "id",
    "question_id",
    "session_id",
    "mode",
    "answer",
    "started_at",
    "updated_at",
    "time_limit_seconds",
    "time_used_seconds",
    "parent_attempt_id",
    "prompt",
)


class DraftsMixin(StoreBase):
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
        with self.write() as db:
            if draft_id is not None:
                assignments = ", ".join(f"{key} = ?" for key in row)
                cursor = db.conn.execute(f"update drafts set {assignments} where id = ?", [*row.values(), draft_id])
                if cursor.rowcount:
                    return draft_id
            cursor = db.conn.execute(
                f"insert into drafts ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values())
            )
            return int(cursor.lastrowid or 0)

    def _draft_rows(self, where: str = "", params: tuple[object, ...] = ()) -> list[Draft]:
        cursor = self.db.execute(
            f"select {', '.join(_DRAFT_COLUMNS)} from drafts {where} order by updated_at desc, id desc", list(params)
        )
        return [Draft.from_row(dict(zip(_DRAFT_COLUMNS, row, strict=True))) for row in cursor]

    def drafts(self) -> list[Draft]:
        """Every draft, most recently updated first."""
        return self._draft_rows()

    def draft(self, draft_id: int) -> Draft | None:
        found = self._draft_rows("where id = ?", (draft_id,))
        return found[0] if found else None

    def count_drafts(self) -> int:
        return int(self.db.execute("select count(*) from drafts").fetchone()[0])

    def delete_draft(self, draft_id: int) -> None:
        with self.write() as db:
            db.conn.execute("delete from drafts where id = ?", [draft_id])
