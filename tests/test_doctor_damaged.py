"""`doctor` on a damaged database file: the check reports the damage, it does not crash on it."""

from __future__ import annotations

from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK

ANSWER = "A canary first, then waves, watching the error rate, and we roll back if it rises."


def test_doctor_reports_a_database_too_damaged_to_check_in_one_line_each(db_path):
    base = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions")]
    base += ["--rubrics", str(FIXTURE_BANK / "rubrics")]
    runner = CliRunner()
    for _ in range(40):  # enough rows that the tables span many pages
        assert runner.invoke(main, [*base, "score", "fx-rollout", "-", "--save"], input=ANSWER * 20).exit_code == 0
    data = bytearray(db_path.read_bytes())
    page = 4096
    assert len(data) > page * 8
    data[page * 3 : page * 4] = b"\xff" * page  # one page of a table overwritten: a "malformed" file
    db_path.write_bytes(bytes(data))

    for args in (["doctor"], ["doctor", "--check-only"]):
        result = runner.invoke(main, [*base, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert result.exit_code == 1
        assert "integrity: FAILED" in result.stdout
        assert "problem: SQLite integrity check failed" in result.stdout
        assert "Traceback" not in result.output
