"""Settings: small JSON values by key (the app's last mock set-up, backup retention, ...)."""

from __future__ import annotations

import json
from typing import Any

from .db import StoreBase


class SettingsMixin(StoreBase):
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("select value_json from settings where key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.write() as db:
            db.conn.execute(
                "insert into settings (key, value_json) values (?, ?) "
                "on conflict (key) do update set value_json = excluded.value_json",
                [key, json.dumps(value)],
            )
