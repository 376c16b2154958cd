"""Build what every command and the app need: the loaded Bank and the open Store.

The command line calls `load_context` once and hands the result to the app; tests use the same
factory. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .bank import Bank
from .paths import default_db_path
from .sources import Sources
from .store import Store


@dataclass
class TrainerContext:
    """The loaded bank and the open store, shared by the commands and the app."""

    bank: Bank
    store: Store
    db_path: Path | None

    def close(self) -> None:
        self.store.close()


def load_context(
    db_path: Path | None = None,
    bank_dirs: Sequence[Path] = (),
    rubric_dirs: Sequence[Path] = (),
) -> TrainerContext:
    """Load the bank and open the store (raises StoreError for an unusable database)."""
    bank = Sources.resolve(bank_dirs, rubric_dirs).load()
    path = db_path or default_db_path()
    store = Store.open(path)
    return TrainerContext(bank=bank, store=store, db_path=path)
