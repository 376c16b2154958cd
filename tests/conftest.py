"""Shared fixtures: a small fixed bank, temporary databases, and an isolated environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from tpm_trainer.bank import Bank, load_bank
from tpm_trainer.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_BANK = FIXTURES / "bank"
REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """Never touch the user's real database or mentor folders from a test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TPM_TRAINER_DB", str(home / "default.db"))
    monkeypatch.delenv("TPM_TRAINER_RUBRICS", raising=False)
    monkeypatch.delenv("TPM_TRAINER_BANK", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def fixture_bank() -> Bank:
    return load_bank([FIXTURE_BANK / "questions"], [FIXTURE_BANK / "rubrics"])


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "history.db"


@pytest.fixture
def store(db_path) -> Store:
    opened = Store.open(db_path)
    yield opened
    opened.close()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def write_file():
    return write
