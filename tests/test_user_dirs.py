"""The user's data and cache folders are the ones platformdirs gives, with or without the XDG variables
and HOME (found without importing platformdirs where that is safe); the bank cache's key follows the
installed pydantic without importing it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import platformdirs
import pytest

from tpm_trainer import bank_cache, paths


@pytest.mark.parametrize(
    "environment",
    [
        {"XDG_DATA_HOME": "/srv/data", "XDG_CACHE_HOME": "/srv/cache//", "HOME": "/home/pat"},
        {"XDG_DATA_HOME": None, "XDG_CACHE_HOME": None, "HOME": "/home/pat"},
        {"XDG_DATA_HOME": "", "XDG_CACHE_HOME": "", "HOME": "/home/pat/"},
        {"XDG_DATA_HOME": "relative/data", "XDG_CACHE_HOME": " /spaced", "HOME": "/home/pat"},
        {"XDG_DATA_HOME": None, "XDG_CACHE_HOME": None, "HOME": "relative-home"},
        {"XDG_DATA_HOME": None, "XDG_CACHE_HOME": None, "HOME": None},
        {"XDG_DATA_HOME": "/srv/data", "XDG_CACHE_HOME": None, "HOME": "/home/pat", "ANDROID_DATA": "/data"},
    ],
)
def test_user_folders_are_the_ones_platformdirs_gives(monkeypatch, environment):
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert paths.user_data_dir() == platformdirs.user_data_path(paths.APP_NAME, appauthor=False)
    assert paths.user_cache_dir() == platformdirs.user_cache_path(paths.APP_NAME, appauthor=False)
    assert paths.default_db_path() != paths.user_data_dir()  # TPM_TRAINER_DB (set for every test) still wins
    monkeypatch.delenv(paths.ENV_DB)
    assert paths.default_db_path() == platformdirs.user_data_path(paths.APP_NAME, appauthor=False) / "history.db"


def test_the_cache_key_follows_the_pydantic_version_file(tmp_path, monkeypatch):
    real_find_spec = importlib.util.find_spec
    installed = tmp_path / "pydantic"
    installed.mkdir()
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: (
            SimpleNamespace(submodule_search_locations=[str(installed)])
            if name == "pydantic"
            else real_find_spec(name, *a)
        ),
    )

    def key() -> str:
        return bank_cache.fingerprint([tmp_path / "q"], [])

    (installed / "version.py").write_text("VERSION = '2.0.0'\n")
    first = key()
    assert key() == first
    (installed / "version.py").write_text("VERSION = '2.0.1'\n")
    assert key() != first
    (installed / "version.py").unlink()  # unreadable: pydantic.VERSION itself is used
    import pydantic

    assert bank_cache._pydantic_version() == pydantic.VERSION


def test_the_shipped_pydantic_version_file_holds_its_version():
    import pydantic

    spec = importlib.util.find_spec("pydantic")
    assert spec is not None and spec.submodule_search_locations
    version_file = importlib.util.find_spec("pydantic.version")
    assert version_file is not None and version_file.origin
    assert Path(version_file.origin) == Path(spec.submodule_search_locations[0]) / "version.py"  # the file read
    assert pydantic.VERSION in Path(version_file.origin).read_text(encoding="utf-8")
