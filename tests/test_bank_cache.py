"""The validated-bank cache: reused while nothing changes, rebuilt as soon as any file does; a cache
that holds data only (JSON through the models), in a private folder, checked before use and pruned."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import time

import pytest

from tpm_trainer import bank_cache
from tpm_trainer.bank import Bank, RubricTable
from tpm_trainer.bank_cache import load_bank_cached
from tpm_trainer.models import Question
from tpm_trainer.scoring import rubric_hash

QUESTION = "id: {id}\ntitle: T\nprompt: P?\ncategory: c\n"
QUESTION_ONE = QUESTION.format(id="q-one")
RUBRIC_ONE = "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases: [canary release]\n"


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
    cached_files = list(bank_cache.cache_dir().glob("bank-*.json"))
    assert cached_files
    for cached in cached_files:
        cached.write_bytes(b"garbage")
    assert len(load_bank_cached([questions], []).errors) == 1


def test_different_folder_sets_do_not_share_a_cache(tmp_path, write_file):
    write_file(tmp_path / "one" / "a.yaml", QUESTION.format(id="one"))
    write_file(tmp_path / "two" / "a.yaml", QUESTION.format(id="two"))
    assert set(load_bank_cached([tmp_path / "one"], []).questions) == {"one"}
    assert set(load_bank_cached([tmp_path / "two"], []).questions) == {"two"}
    assert set(load_bank_cached([tmp_path / "one"], []).questions) == {"one"}


@pytest.fixture
def counted_loads(monkeypatch):
    """Calls of the slow path (reading the files) made by `load_bank_cached`."""
    calls: list[object] = []
    real_load = bank_cache.load_bank
    monkeypatch.setattr(bank_cache, "load_bank", lambda *a: calls.append(a) or real_load(*a))
    return calls


class PlantedCode:
    """Unpickling this creates `marker`: proof that a planted file was executed."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def old_pickle_name(question_dirs, rubric_dirs, mentor_dirs=()):
    """Where the first cache format (a pickle) lived for these folders."""
    folders = [[str(folder) for folder in layer] for layer in (question_dirs, rubric_dirs, mentor_dirs)]
    return f"bank-{hashlib.sha256(repr(folders).encode()).hexdigest()[:16]}.pickle"


def forged_cache(question_dirs, rubric_dirs=()) -> bytes:
    """A well-formed cache file (right format, key and checksum) holding a bank nobody wrote."""
    forged = Bank(questions={"planted": Question(id="planted", title="T", prompt="P?", category="c")})
    return bank_cache._encode(forged, bank_cache.fingerprint(question_dirs, rubric_dirs, ()))


def test_planted_pickles_are_never_run_and_the_bank_still_loads(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    marker = tmp_path / "planted-code-ran"
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    payload = pickle.dumps((None, PlantedCode(marker)))
    # Where the old cache lived, where the new one lives, and a JSON header in front of a pickle.
    (folder / old_pickle_name([questions], [])).write_bytes(payload)
    (folder / bank_cache.cache_file_name([questions], [])).write_bytes(payload)

    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert not marker.exists()
    assert not (folder / old_pickle_name([questions], [])).exists()  # the old format is pruned

    key = bank_cache.fingerprint([questions], [], ())
    header = f'{{"format": {bank_cache.CACHE_FORMAT}, "key": "{key}", "sha256": "0"}}\n'.encode()
    (folder / bank_cache.cache_file_name([questions], [])).write_bytes(header + payload)
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert not marker.exists()
    assert len(counted_loads) == 2  # both planted files were ignored and the bank read from the files


def test_a_file_whose_checksum_does_not_match_is_rebuilt(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    load_bank_cached([questions], [])
    cached = bank_cache.cache_dir() / bank_cache.cache_file_name([questions], [])
    cached.write_bytes(cached.read_bytes().replace(b'"id":"a"', b'"id":"z"'))  # edited after writing
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert len(counted_loads) == 2


def test_cache_folder_and_files_are_private(tmp_path, write_file):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    load_bank_cached([questions], [])
    folder = bank_cache.cache_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    [cached] = folder.iterdir()
    assert cached.name.endswith(".json") and stat.S_IMODE(cached.stat().st_mode) == 0o600


def test_a_readable_folder_left_by_an_older_version_is_tightened(tmp_path, write_file):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    load_bank_cached([questions], [])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_cache_folder_others_can_write_is_not_used(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True)
    (folder / bank_cache.cache_file_name([questions], [])).write_bytes(forged_cache([questions]))
    folder.chmod(0o777)
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert len(counted_loads) == 2  # never read from, never written to


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    (elsewhere / bank_cache.cache_file_name([questions], [])).write_bytes(forged_cache([questions]))
    bank_cache.cache_dir().parent.mkdir(parents=True, exist_ok=True)
    bank_cache.cache_dir().symlink_to(elsewhere)
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert len(counted_loads) == 1


def test_cache_files_that_are_links_or_writable_by_others_are_not_used(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    name = bank_cache.cache_file_name([questions], [])
    forged = tmp_path / "forged.json"
    forged.write_bytes(forged_cache([questions]))
    (folder / name).symlink_to(forged)
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    (folder / name).write_bytes(forged_cache([questions]))
    (folder / name).chmod(0o662)
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert len(counted_loads) == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give a file away")
def test_a_cache_file_owned_by_another_user_is_not_used(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    planted = folder / bank_cache.cache_file_name([questions], [])
    planted.write_bytes(forged_cache([questions]))
    planted.chmod(0o600)
    os.chown(planted, 65534, 65534)
    assert set(load_bank_cached([questions], []).questions) == {"a"}
    assert len(counted_loads) == 1


def test_a_well_formed_cache_is_what_makes_the_forgery_work(tmp_path, write_file):
    """The forged file used above is accepted where it is safe to trust: so the refusals above are real."""
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    planted = folder / bank_cache.cache_file_name([questions], [])
    planted.write_bytes(forged_cache([questions]))
    planted.chmod(0o600)
    assert set(load_bank_cached([questions], []).questions) == {"planted"}


def test_old_cache_files_are_pruned(tmp_path, write_file):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    now = time.time()
    for index in range(12):  # recent files of other folder sets: the most recent few are kept
        old = folder / f"bank-{index:016x}.json"
        old.write_bytes(b"{}")
        os.utime(old, (now - index * 60, now - index * 60))
    stale = folder / "bank-stale000000000.json"
    stale.write_bytes(b"{}")
    month_ago = now - (bank_cache.MAX_AGE_DAYS + 1) * 86400
    os.utime(stale, (month_ago, month_ago))
    abandoned = folder / ".bank-x.json.1.ab.tmp"
    abandoned.write_bytes(b"")
    os.utime(abandoned, (now - 7200, now - 7200))

    load_bank_cached([questions], [])
    remaining = sorted(path.name for path in folder.iterdir())
    current = bank_cache.cache_file_name([questions], [])
    assert current in remaining
    assert len(remaining) == bank_cache.KEEP_FILES
    assert "bank-0000000000000000.json" in remaining  # the most recently used survive
    assert "bank-000000000000000b.json" not in remaining
    assert stale.name not in remaining and abandoned.name not in remaining


def test_the_key_covers_code_lexicon_and_every_layer(tmp_path, write_file, monkeypatch):
    questions, rubrics, mentor = tmp_path / "q", tmp_path / "r", tmp_path / "m"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    write_file(rubrics / "a.yaml", "question: a\n")
    write_file(mentor / "nested" / "a.yaml", "question: a\n")
    code = tmp_path / "code"
    for name in ("models.py", "bank_loader.py", "scoring/phrases.py", "app/app.py"):
        write_file(code / name, "# code\n")
    lexicon = tmp_path / "lexicon"
    write_file(lexicon / "families.txt", "roll back, revert\n")
    monkeypatch.setattr(bank_cache, "_PACKAGE", code)
    monkeypatch.setattr(bank_cache, "shipped_dir", lambda name: tmp_path / name)

    def key():
        return bank_cache.fingerprint([questions], [rubrics], [mentor])

    def bump(path, text):
        path.write_text(text)
        later = path.stat().st_mtime_ns + 5_000_000_000
        os.utime(path, ns=(later, later))

    keys = [key()]
    assert key() == keys[0]  # stable while nothing changes
    bump(code / "bank_loader.py", "# other code\n")
    keys.append(key())
    write_file(code / "lexicon.py", "# a new module: the lexicon\n")
    keys.append(key())
    bump(code / "scoring" / "phrases.py", "# other phrase checks\n")
    keys.append(key())
    bump(lexicon / "families.txt", "roll back, revert, undo\n")
    keys.append(key())
    bump(mentor / "nested" / "a.yaml", "question: a\nversion: 2\n")
    keys.append(key())
    write_file(rubrics / "b.yml", "question: b\n")
    keys.append(key())
    monkeypatch.setattr(bank_cache, "__version__", "99.0")
    keys.append(key())
    assert len(set(keys)) == len(keys)
    bump(code / "app" / "app.py", "# the interface does not change a loaded bank\n")
    assert key() == keys[-1]


def test_the_shipped_bank_comes_back_from_the_cache_unchanged():
    from tpm_trainer.sources import Sources

    sources = Sources.resolve(use_environment=False)
    first = sources.load()  # cold: read from the files, then written to the cache
    cached = sources.load()  # warm: decoded from JSON and validated through the models
    assert cached is not first
    assert cached == first == sources.load(cached=False)
    assert len(cached.questions) > 100 and len(cached.rubrics) > 100
    # Field by field, as stored attempts record it: the rubric's hash is the same either way.
    assert {key: rubric_hash(rubric) for key, rubric in cached.rubrics.items()} == {
        key: rubric_hash(rubric) for key, rubric in first.rubrics.items()
    }
    assert [question.model_dump() for question in cached.questions.values()] == [
        question.model_dump() for question in first.questions.values()
    ]


def test_clean_cache_removes_old_format_files_and_leaves_a_foreign_folder_alone(tmp_path):
    folder = bank_cache.cache_dir()
    assert bank_cache.clean_cache() == []  # no folder yet: nothing to do, nothing raised
    folder.mkdir(parents=True, mode=0o700)
    (folder / "bank-0123456789abcdef.pickle").write_bytes(b"old")
    (folder / "notes.txt").write_text("not ours to remove")
    assert bank_cache.clean_cache() == ["bank-0123456789abcdef.pickle"]
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]
    (folder / "bank-0123456789abcdef.pickle").write_bytes(b"old")
    folder.chmod(0o777)
    assert bank_cache.clean_cache() == []  # a folder others can write is not touched


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_planted_as_the_cache_file_does_not_block(tmp_path, write_file, counted_loads):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="a"))
    folder = bank_cache.cache_dir()
    folder.mkdir(parents=True, mode=0o700)
    os.mkfifo(folder / bank_cache.cache_file_name([questions], []), 0o600)
    assert set(load_bank_cached([questions], []).questions) == {"a"}  # opening it would wait for a writer
    assert len(counted_loads) == 1


def test_cached_rubrics_are_decoded_one_at_a_time_when_first_used(tmp_path, write_file):
    write_file(tmp_path / "q" / "one.yaml", QUESTION_ONE)
    write_file(tmp_path / "q" / "two.yaml", QUESTION_ONE.replace("q-one", "q-two"))
    write_file(tmp_path / "r" / "one.yaml", RUBRIC_ONE)
    write_file(tmp_path / "r" / "two.yaml", RUBRIC_ONE.replace("q-one", "q-two"))
    first = load_bank_cached([tmp_path / "q"], [tmp_path / "r"])
    warm = load_bank_cached([tmp_path / "q"], [tmp_path / "r"])
    table = warm.rubrics
    assert isinstance(table, RubricTable) and table._rubrics == {}  # nothing decoded yet
    assert "q-two" in table and len(table) == 2 and sorted(table) == ["q-one", "q-two"]
    assert table["q-two"] == first.rubrics["q-two"]
    assert list(table._rubrics) == ["q-two"]  # only the one asked for
    # Reading values while iterating decodes the rest without upsetting the iteration.
    assert {key: rubric.question for key, rubric in table.items()} == {"q-one": "q-one", "q-two": "q-two"}
    del table["q-one"]
    assert list(table) == ["q-two"] and len(table) == 1
    with pytest.raises(KeyError):
        table["q-one"]


def test_a_cache_file_with_a_damaged_rubric_line_is_rebuilt(tmp_path, write_file, counted_loads, caplog):
    caplog.set_level("DEBUG", logger=bank_cache.__name__)
    write_file(tmp_path / "q" / "one.yaml", QUESTION_ONE)
    write_file(tmp_path / "r" / "one.yaml", RUBRIC_ONE)
    layers = ([tmp_path / "q"], [tmp_path / "r"])
    load_bank_cached(*layers)
    path = bank_cache.cache_dir() / bank_cache.cache_file_name(*layers)
    header, _, body = path.read_bytes().partition(b"\n")
    body = body.replace(b'"q-one"\t', b"no tab here ")
    header = header.replace(header.split(b'"sha256": "')[1][:64], hashlib.sha256(body).hexdigest().encode())
    path.write_bytes(header + b"\n" + body)
    loads_before = len(counted_loads)
    assert set(load_bank_cached(*layers).rubrics) == {"q-one"}
    assert len(counted_loads) == loads_before + 1  # read from the files again
    assert "unreadable rubric line" in caplog.text  # and for that reason, not the checksum
