"""`tpm-trainer questions` from a fresh bank cache: the same output as from the loaded, validated bank,
without loading it; a changed, added or removed file, or a damaged list, still rebuilds the cache."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tpm_trainer import bank_cache
from tpm_trainer.cli import main
from tpm_trainer.sources import Sources

from .conftest import FIXTURE_BANK

QUESTION = "id: {id}\ntitle: {title}\nprompt: P?\ncategory: {category}\ndifficulty: {difficulty}\n"
RUBRIC = "question: {id}\nconcepts:\n  - id: a\n    label: A\n    phrases: [canary release]\n"


@pytest.fixture
def loads(monkeypatch):
    """Every time a command loaded the bank (the validated path) rather than reading the cached list."""
    calls: list[Sources] = []
    real_load = Sources.load
    monkeypatch.setattr(Sources, "load", lambda self, *a, **k: calls.append(self) or real_load(self, *a, **k))
    return calls


def listing(monkeypatch, folders: list[str], *args: str, from_bank: bool = False):
    """`tpm-trainer questions` with these folder options; `from_bank` forbids the cached list."""
    with monkeypatch.context() as patch:
        if from_bank:
            patch.setattr(Sources, "cached_question_list", lambda self: None)
        return CliRunner().invoke(main, [*folders, "questions", *args], catch_exceptions=False)


def same_either_way(monkeypatch, loads, folders: list[str], *args: str):
    """The output from the bank (which also writes the cache), then from the cache: they must match, and
    the second must not have loaded the bank."""
    validated = listing(monkeypatch, folders, *args, from_bank=True)
    loads.clear()
    cached = listing(monkeypatch, folders, *args)
    assert not loads, "the listing did not come from the cache"
    assert (cached.exit_code, cached.stdout, cached.stderr) == (
        validated.exit_code,
        validated.stdout,
        validated.stderr,
    )
    return cached


def test_the_shipped_bank_lists_the_same_from_the_cache(monkeypatch, loads):
    cached = same_either_way(monkeypatch, loads, [])
    assert "question(s) in" in cached.stdout and len(cached.stdout.splitlines()) > 100
    category = cached.stdout.splitlines()[2].split()[1]
    assert "in 1 category" in same_either_way(monkeypatch, loads, [], "--category", category).stdout
    wrong = same_either_way(monkeypatch, loads, [], "--category", category[:-1])
    assert wrong.exit_code == 1 and "unknown category" in wrong.stderr


def test_a_mentor_folder_with_problems_lists_the_same_from_the_cache(tmp_path, write_file, monkeypatch, loads):
    questions, rubrics = tmp_path / "questions", tmp_path / "rubrics"
    shutil.copytree(FIXTURE_BANK / "questions", questions)
    shutil.copytree(FIXTURE_BANK / "rubrics", rubrics)
    write_file(
        questions / "extra.yaml", QUESTION.format(id="m-extra", title="Extra", category="zeta", difficulty="easy")
    )
    write_file(questions / "broken.yaml", "id: [oops\n")
    write_file(rubrics / "broken.yaml", "question: fx-rollout\nconcepts: 7\n")
    write_file(rubrics / "extra.yaml", RUBRIC.format(id="m-extra"))
    folders = ["--bank", str(questions), "--rubrics", str(rubrics)]

    cached = same_either_way(monkeypatch, loads, folders)
    assert "m-extra" in cached.stdout and "warning: 2 problem(s)" in cached.stderr
    assert "broken.yaml" in cached.stderr
    same_either_way(monkeypatch, loads, folders, "--category", "zeta")


def rubric_column(output: str, question_id: str) -> str:
    row = next(line for line in output.splitlines() if line.startswith(question_id + " "))
    return row.split()[4]


def test_an_added_changed_or_removed_file_rebuilds_the_cache(tmp_path, write_file, monkeypatch, loads):
    questions, rubrics = tmp_path / "questions", tmp_path / "rubrics"
    write_file(questions / "one.yaml", QUESTION.format(id="m-one", title="One", category="c", difficulty="hard"))
    folders = ["--bank", str(questions), "--rubrics", str(rubrics)]
    rubrics.mkdir()

    def listed_after_a_rebuild() -> str:
        loads.clear()
        result = listing(monkeypatch, folders)
        assert len(loads) == 1, "a stale cache answered the listing"
        loads.clear()
        assert listing(monkeypatch, folders).stdout == result.stdout and not loads  # then from the cache
        return result.stdout

    assert rubric_column(listed_after_a_rebuild(), "m-one") == "no"
    rubric = write_file(rubrics / "one.yaml", RUBRIC.format(id="m-one"))  # added
    assert rubric_column(listed_after_a_rebuild(), "m-one") == "yes"
    rubric.write_text(RUBRIC.format(id="m-other"))  # changed: now for another question
    assert rubric_column(listed_after_a_rebuild(), "m-one") == "no"
    rubric.unlink()  # removed
    assert rubric_column(listed_after_a_rebuild(), "m-one") == "no"
    write_file(questions / "one.yaml", QUESTION.format(id="m-one", title="Renamed", category="c", difficulty="easy"))
    output = listed_after_a_rebuild()
    assert "Renamed" in output and " easy " in output


def rewrite_list_line(path: Path, list_line: bytes) -> None:
    """Replace the cached question list, with a checksum that matches (as only a forger could)."""
    header, _, body = path.read_bytes().partition(b"\n")
    body = list_line + b"\n" + body.partition(b"\n")[2]
    fields = json.loads(header)
    fields["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(fields).encode() + b"\n" + body)


@pytest.mark.parametrize(
    "list_line",
    [
        b"not json",
        b'{"questions": [["q", "c", "extreme", 8.0, "T", true]], "error_files": []}',
        b'{"questions": [["q", "c", "easy", "8", "T", true]], "error_files": []}',
        b'{"questions": [["q", "c", "easy", 8.0, "T"]], "error_files": []}',
        b'{"questions": [], "error_files": [3]}',
        b'{"questions": []}',
    ],
)
def test_a_damaged_question_list_is_not_used_and_the_cache_is_rebuilt(tmp_path, write_file, list_line):
    questions = tmp_path / "q"
    write_file(questions / "a.yaml", QUESTION.format(id="q-a", title="A", category="c", difficulty="easy"))
    bank_cache.load_bank_cached([questions], [])
    rewrite_list_line(bank_cache.cache_dir() / bank_cache.cache_file_name([questions], []), list_line)

    assert bank_cache.cached_question_list([questions], []) is None
    assert set(bank_cache.load_bank_cached([questions], []).questions) == {"q-a"}  # rebuilt from the files
    rebuilt = bank_cache.cached_question_list([questions], [])
    assert rebuilt is not None and [question.id for question in rebuilt.questions] == ["q-a"]


def test_listing_from_a_fresh_cache_imports_neither_pydantic_nor_the_models(tmp_path):
    modules = ["pydantic", "tpm_trainer.models", "tpm_trainer.bank", "importlib.metadata"]
    if sys.platform == "linux":
        modules.append("platformdirs")
    code = (
        "import json, sys\n"
        "from tpm_trainer.cli import main\n"
        "try:\n"
        "    main(['questions'], prog_name='tpm-trainer')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([name for name in {modules!r} if name in sys.modules]))\n"
    )

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
        return json.loads(done.stdout.splitlines()[-1])

    assert "pydantic" in run()  # cold: the bank is loaded and validated, and the cache written
    assert run() == []
