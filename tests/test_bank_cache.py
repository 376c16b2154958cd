"""The validated-bank cache: reused while nothing changes, rebuilt as soon as any file does."""

from __future__ import annotations

import os

from tpm_trainer import bank_cache
from tpm_trainer.bank_cache import load_bank_cached

QUESTION = "id: {id}\ntitle: T\nprompt: P?\ncategory: c\n"


def test_cache_is_reused_until_a_file_changes(tmp_path, write_file, monkeypatch):
    questions = tmp_path / "q"
    first = write_file(questions / "a.yaml", QUESTION.format(id="a"))
    calls = []
    real_load = bank_cache.load_bank
    monkeypatch.setattr(bank_cache, "load_bank", lambda *a: calls.append(a) or real_load(*a))

    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert len(calls) == 1  # second load came from the cache

    write_file(questions / "b.yaml", QUESTION.format(id="b"))  # a new file
    assert set(load_bank_cached([questions], []).questions) == {"a", "b"}
    first.write_text(QUESTION.format(id="renamed"))  # an edited file
    stat = first.stat()
    os.utime(first, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert set(load_bank_cached([questions], []).questions) == {"renamed", "b"}
    assert len(calls) == 3


def test_problems_are_cached_too_and_a_broken_cache_is_ignored(tmp_path, write_file):
    questions = tmp_path / "q"
    write_file(questions / "bad.yaml", "id: [oops\n")
    assert len(load_bank_cached([questions], []).errors) == 1
    for cached in bank_cache.cache_dir().glob("bank-*.pickle"):
        cached.write_bytes(b"garbage")
    assert len(load_bank_cached([questions], []).errors) == 1


def test_different_folder_sets_do_not_share_a_cache(tmp_path, write_file):
    write_file(tmp_path / "one" / "a.yaml", QUESTION.format(id="one"))
    write_file(tmp_path / "two" / "a.yaml", QUESTION.format(id="two"))
    assert set(load_bank_cached([tmp_path / "one"], []).questions) == {"one"}
    assert set(load_bank_cached([tmp_path / "two"], []).questions) == {"two"}
    assert set(load_bank_cached([tmp_path / "one"], []).questions) == {"one"}
