"""Where things live: the shipped question bank, rubrics and concept lexicon, the user's database, mentor folders."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "tpm-trainer"
ENV_DB = "TPM_TRAINER_DB"
ENV_RUBRICS = "TPM_TRAINER_RUBRICS"
ENV_BANK = "TPM_TRAINER_BANK"

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """The shipped `question_bank`, `rubrics` or `lexicon` folder.

    In a wheel the folders are installed inside the package (`tpm_trainer/_data/NAME`); in a source
    checkout or editable install they sit at the repository root.
    """
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def env_dirs(variable: str) -> list[Path]:
    """Folders listed in an os.pathsep-separated environment variable (empty entries ignored)."""
    value = os.environ.get(variable, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def user_pack_dir(kind: str) -> Path:
    """Where installed rubric packs put their `rubrics` or `questions` (one sub-folder per pack), read by default."""
    return user_data_path(APP_NAME, appauthor=False) / "packs" / kind


def default_db_path() -> Path:
    """`TPM_TRAINER_DB`, or `history.db` in the user's data folder."""
    configured = os.environ.get(ENV_DB)
    if configured:
        return Path(configured).expanduser()
    return user_data_path(APP_NAME, appauthor=False) / "history.db"
