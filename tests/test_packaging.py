"""A real, non-editable install from a wheel into a fresh virtual environment finds the shipped bank."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tpm_trainer.lexicon import load_lexicon

from .conftest import REPO_ROOT


@pytest.mark.slow
def test_wheel_installed_in_a_fresh_venv_finds_every_question_and_rubric(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO_ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = dist.glob("tpm_trainer-*.whl")

    fresh = tmp_path / "fresh"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    # The runtime dependencies come from the test environment, appended after the fresh site-packages.
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "TPM_TRAINER_DB": str(tmp_path / "t.db")}
    env.pop("PYTHONPATH", None)
    where = subprocess.run(
        [str(python), "-c", "import tpm_trainer; print(tpm_trainer.__file__)"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert Path(where.strip()).is_relative_to(site)

    listed = subprocess.run(
        [str(python), "-m", "tpm_trainer", "questions", "--json"],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    questions = json.loads(listed)
    shipped_questions = list((REPO_ROOT / "question_bank").rglob("*.yaml"))
    shipped_rubrics = list((REPO_ROOT / "rubrics").rglob("*.yaml"))
    assert len(questions) == len(shipped_questions) > 0
    assert sum(item["has_rubric"] for item in questions) == len(shipped_rubrics) > 0

    # The concept lexicon ships inside the wheel too: the rubrics above name its families.
    found = subprocess.run(
        [
            str(python),
            "-c",
            "from tpm_trainer.lexicon import load_lexicon, shipped_lexicon_dir as d; "
            "print(d()); lx = load_lexicon([d()]); print(len(lx.families), len(lx.problems))",
        ],
        cwd=elsewhere,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    assert Path(found[0]).is_relative_to(site)
    families, problems = map(int, found[1].split())
    assert families == len(load_lexicon([REPO_ROOT / "lexicon"]).families) > 0
    assert problems == 0
