"""Which folders questions and rubrics are read from: shipped, environment, command-line options."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import ENV_BANK, ENV_RUBRICS, env_dirs, shipped_dir, user_pack_dir

if TYPE_CHECKING:
    from .bank import Bank
    from .question_list import QuestionList


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
        """Shipped folders first, then installed packs, then `TPM_TRAINER_BANK`/`TPM_TRAINER_RUBRICS`, then the options."""
        pack_questions = _installed(user_pack_dir("questions")) if use_environment else []
        pack_rubrics = _installed(user_pack_dir("rubrics")) if use_environment else []
        extra_banks = [*pack_questions, *(env_dirs(ENV_BANK) if use_environment else []), *bank_dirs]
        extra_rubrics = [*pack_rubrics, *(env_dirs(ENV_RUBRICS) if use_environment else []), *rubric_dirs]
        shipped_questions = (shipped_dir("question_bank"),) if include_shipped else ()
        shipped_rubrics = (shipped_dir("rubrics"),) if include_shipped else ()
        return cls(
            question_dirs=(*shipped_questions, *extra_banks),
            rubric_dirs=shipped_rubrics,
            mentor_rubric_dirs=tuple(extra_rubrics),
        )

    def load(self, cached: bool = True, thorough: bool = False) -> Bank:
        """Load and validate the bank; `cached` reuses the last result when no file changed.

        Unless `thorough` (as `rubrics check` is), the shipped rubrics' phrases are not compiled while
        loading: the test suite runs `rubrics check` over them, and compiling is most of a cold start.
        """
        trusted = () if thorough else self.rubric_dirs
        if cached:
            from .bank_cache import load_bank_cached

            return load_bank_cached(self.question_dirs, self.rubric_dirs, self.mentor_rubric_dirs, trusted)
        from .bank import load_bank

        return load_bank(self.question_dirs, self.rubric_dirs, self.mentor_rubric_dirs, trusted)

    def cached_question_list(self) -> QuestionList | None:
        """The question list of the bank `load()` returns, read from its cache when that is fresh (without
        loading or validating the bank); None otherwise."""
        from .bank_cache import cached_question_list

        return cached_question_list(self.question_dirs, self.rubric_dirs, self.mentor_rubric_dirs, self.rubric_dirs)


def _installed(folder: Path) -> list[Path]:
    """The installed packs' folders (one per pack), in name order; none when nothing is installed."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.iterdir() if path.is_dir() and not path.name.startswith("."))
