"""Build what every command and the app need: the loaded Bank and the open Store.

The command line calls `load_context` once and hands the result to the app; tests use the same
factory. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .bank import Bank, load_bank
from .paths import ENV_BANK, ENV_RUBRICS, default_db_path, env_dirs, shipped_dir
from .store import Store


@dataclass(frozen=True)
class Sources:
    """Where questions and rubrics come from, in load order."""

    question_dirs: tuple[Path, ...]
    rubric_dirs: tuple[Path, ...]
    mentor_rubric_dirs: tuple[Path, ...]

    @classmethod
    def resolve(
        cls,
        bank_dirs: Sequence[Path] = (),
        rubric_dirs: Sequence[Path] = (),
        include_shipped: bool = True,
        use_environment: bool = True,
    ) -> Sources:
        """Shipped folders first, then `TPM_TRAINER_BANK`/`TPM_TRAINER_RUBRICS`, then the options."""
        extra_banks = [*(env_dirs(ENV_BANK) if use_environment else []), *bank_dirs]
        extra_rubrics = [*(env_dirs(ENV_RUBRICS) if use_environment else []), *rubric_dirs]
        shipped_questions = (shipped_dir("question_bank"),) if include_shipped else ()
        shipped_rubrics = (shipped_dir("rubrics"),) if include_shipped else ()
        return cls(
            question_dirs=(*shipped_questions, *extra_banks),
            rubric_dirs=shipped_rubrics,
            mentor_rubric_dirs=tuple(extra_rubrics),
        )

    def load(self) -> Bank:
        return load_bank(self.question_dirs, self.rubric_dirs, self.mentor_rubric_dirs)


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
