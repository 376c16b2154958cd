"""One folder walker for load, check and cache: links followed once, loops skipped and reported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tpm_trainer.bank import load_bank
from tpm_trainer.bank_cache import fingerprint, load_bank_cached
from tpm_trainer.walk import walk_files

from .conftest import FIXTURE_BANK


def make_looping_rubrics(folder):
    """A rubric folder with a good rubric and two symbolic link loops (one to itself, one to its parent)."""
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURE_BANK / "rubrics" / "rollout.yaml", folder / "sub" / "rollout.yaml")
    (folder / "again").symlink_to(folder)
    (folder / "sub" / "up").symlink_to("..")
    return folder


def test_links_to_folders_are_followed_once_and_loops_skipped(tmp_path):
    root = make_looping_rubrics(tmp_path / "r")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "extra.yaml").write_text("question: x\n")
    (root / "linked").symlink_to(shared)
    (root / "linked-twice").symlink_to(shared)
    (root / "outside").symlink_to(tmp_path)  # the folder that contains the walk's root
    (root / "self").symlink_to("self")  # a link that leads to itself

    walk = walk_files(root, (".yaml",))

    assert walk.files == (root / "linked" / "extra.yaml", root / "sub" / "rollout.yaml")
    loops = {item.path.name for item in walk.skipped if item.loop}
    assert loops == {"again", "up", "outside", "self"}
    [twice] = [item for item in walk.skipped if not item.loop]
    assert twice.path.name == "linked-twice" and "already read" in twice.message


def test_the_loader_and_the_cache_finish_and_report_the_loops(tmp_path):
    rubrics = make_looping_rubrics(tmp_path / "r")
    questions = FIXTURE_BANK / "questions"

    bank = load_bank([questions], [rubrics])
    assert set(bank.rubrics) == {"fx-rollout"}
    warnings = [problem for problem in bank.problems if problem.severity == "warning"]
    assert sorted(problem.file.name for problem in warnings) == ["again", "up"]
    assert all("symbolic link loop" in problem.message for problem in warnings)
    assert bank.errors == []

    assert fingerprint([questions], [rubrics]) == fingerprint([questions], [rubrics])
    assert set(load_bank_cached([questions], [rubrics]).rubrics) == {"fx-rollout"}


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    # A subprocess with a generous limit: before the walker remembered real paths, these never ended.
    return subprocess.run(
        [sys.executable, "-m", "tpm_trainer", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_every_command_finishes_with_two_loops_in_a_rubric_folder(tmp_path):
    rubrics = make_looping_rubrics(tmp_path / "r")
    options = ["--db", str(tmp_path / "h.db"), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(rubrics)]

    listed = run_command(*options, "questions")
    assert listed.returncode == 0, listed.stderr
    assert "fx-rollout" in listed.stdout

    checked = run_command(*options, "rubrics", "check", str(rubrics))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    loop_lines = [line for line in checked.stdout.splitlines() if "symbolic link loop" in line]
    assert len(loop_lines) == 2
    assert any(line.startswith(str(rubrics / "again")) for line in loop_lines)
    assert any(line.startswith(str(rubrics / "sub" / "up")) for line in loop_lines)
