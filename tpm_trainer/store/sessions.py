"""Mock-interview sessions: start, end, read."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

from .db import StoreBase
from .records import Session, now_iso

_SESSION_COLUMNS = ("id", "mode", "started_at", "ended_at", "config_json")


class SessionsMixin(StoreBase):
    def start_session(self, mode: str, config: dict[str, Any] | None = None) -> str:
        """Record a new session; returns its id."""
        session_id = uuid.uuid4().hex
        with self.write() as db:
            db.conn.execute(
                "insert into sessions (id, mode, started_at, ended_at, config_json) values (?, ?, ?, null, ?)",
                [session_id, mode, now_iso(), json.dumps(config or {})],
            )
        return session_id

    def end_session(self, session_id: str) -> None:
        with self.write() as db:
            db.conn.execute("update sessions set ended_at = ? where id = ?", [now_iso(), session_id])

    def session(self, session_id: str) -> Session | None:
        row = self.db.execute(
            f"select {', '.join(_SESSION_COLUMNS)} from sessions where id = ?", [session_id]
        ).fetchone()
        return None if row is None else Session.from_row(dict(zip(_SESSION_COLUMNS, row, strict=True)))

    def iter_sessions(self) -> Iterator[Session]:
        """Every session, oldest first, one at a time."""
        for row in self.db.execute(f"select {', '.join(_SESSION_COLUMNS)} from sessions order by started_at, id"):
            yield Session.from_row(dict(zip(_SESSION_COLUMNS, row, strict=True)))

    def sessions(self) -> list[Session]:
        return list(self.iter_sessions())
