"""Where things live: the shipped question bank, rubrics and concept lexicon, the user's database, mentor folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

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


def _linux_user_dir(variable: str, default: str) -> Path | None:
    """The folder platformdirs gives on Linux: `$variable` when it is an absolute path, else `default` under
    an absolute HOME, then the app's name. None where its answer depends on more than that (another
    platform, Android, a relative XDG variable or HOME), so platformdirs itself is asked. Importing
    platformdirs costs more than the rest of `tpm-trainer --help`."""
    if sys.platform != "linux" or hasattr(sys, "getandroidapilevel") or "ANDROID_DATA" in os.environ:
        return None
    configured = os.environ.get(variable, "")
    if configured:
        return Path(os.path.join(configured, APP_NAME)) if os.path.isabs(configured) else None
    if not os.path.isabs(os.environ.get("HOME", "")):
        return None
    return Path(os.path.join(os.path.expanduser(default), APP_NAME))


def user_data_dir() -> Path:
    """The user's data folder for tpm-trainer (platformdirs' `user_data_path`)."""
    found = _linux_user_dir("XDG_DATA_HOME", "~/.local/share")
    if found is None:
        from platformdirs import user_data_path

        found = user_data_path(APP_NAME, appauthor=False)
    return found


def user_cache_dir() -> Path:
    """The user's cache folder for tpm-trainer (platformdirs' `user_cache_path`)."""
    found = _linux_user_dir("XDG_CACHE_HOME", "~/.cache")
    if found is None:
        from platformdirs import user_cache_path

        found = user_cache_path(APP_NAME, appauthor=False)
    return found


def user_pack_dir(kind: str) -> Path:
    """Where installed rubric packs put their `rubrics` or `questions` (one sub-folder per pack), read by default."""
    return user_data_dir() / "packs" / kind


def default_db_path() -> Path:
    """`TPM_TRAINER_DB`, or `history.db` in the user's data folder."""
    configured = os.environ.get(ENV_DB)
    if configured:
        return Path(configured).expanduser()
    return user_data_dir() / "history.db"
