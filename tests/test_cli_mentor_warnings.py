"""A mentor's broken rubric is named on every command that would quietly use another rubric instead."""

from __future__ import annotations

from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK


def test_score_names_a_broken_mentor_rubric_it_leaves_out(tmp_path, db_path):
    mentor = tmp_path / "mentor rubrics"
    mentor.mkdir()
    shipped = (FIXTURE_BANK / "rubrics" / "rollout.yaml").read_text(encoding="utf-8")
    # the mentor's own version of fx-rollout, with one misspelt field: the file is not used
    (mentor / "rollout.yaml").write_text(shipped.replace("weight: 2", "weigth: 2", 1), encoding="utf-8")
    base = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions")]
    base += ["--rubrics", str(FIXTURE_BANK / "rubrics"), "--rubrics", str(mentor)]
    result = CliRunner().invoke(main, [*base, "score", "fx-rollout", "-"], input="A canary first, then waves.")
    assert result.exit_code == 0, result.output
    assert "Score" in result.stdout
    (warning,) = result.stderr.splitlines()
    assert str(mentor / "rollout.yaml") in warning
    # the command it suggests sees the same folders, so it finds the same problem
    suggested = warning.split("(run `tpm-trainer ", 1)[1].split("`", 1)[0]
    assert f"--rubrics '{mentor}'" in suggested
    check = CliRunner().invoke(main, ["--db", str(db_path), *base[2:], "rubrics", "check"])
    assert "weigth" in check.stdout and check.exit_code == 1


def test_score_with_sound_rubrics_prints_no_warning(db_path):
    base = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions")]
    base += ["--rubrics", str(FIXTURE_BANK / "rubrics")]
    result = CliRunner().invoke(main, [*base, "score", "fx-rollout", "-"], input="A canary first, then waves.")
    assert result.exit_code == 0 and result.stderr == ""
