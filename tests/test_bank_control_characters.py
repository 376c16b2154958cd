"""A hostile question or rubric file is caught by `rubrics check`: control characters and escape
sequences in any key or string are reported with file, line and dotted field."""

from __future__ import annotations

from click.testing import CliRunner

from tpm_trainer.bank import load_bank
from tpm_trainer.cli import main

QUESTION = """\
id: hostile
title: "Plain title"
prompt: "Plan a rollout.\\e]0;owned\\a"
category: rollouts
"""

RUBRIC = """\
question: hostile
concepts:
  - id: canary
    label: Canary first
    phrases: [canary]
    hint: "Start small.\\e[2J\\e]52;c;ZWNobyBoaQ==\\a"
  - id: waves
    label: "Waves\\u009b31m"
    phrases: [in waves]
calibration:
  - band: Strong hire
    answer: A canary first, then waves.
"""


def test_control_characters_are_reported_with_file_line_and_field(tmp_path, write_file):
    question_file = write_file(tmp_path / "q" / "hostile.yaml", QUESTION)
    rubric_file = write_file(tmp_path / "r" / "hostile.yaml", RUBRIC)

    bank = load_bank([tmp_path / "q"], [tmp_path / "r"])

    warnings = {(p.file, p.line, p.field): p.message for p in bank.problems if p.severity == "warning"}
    assert set(warnings) == {
        (question_file, 3, "prompt"),
        (rubric_file, 6, "concepts.0.hint"),
        (rubric_file, 8, "concepts.1.label"),
    }
    assert "U+001B" in warnings[(question_file, 3, "prompt")] and "U+0007" in warnings[(question_file, 3, "prompt")]
    assert "U+009B" in warnings[(rubric_file, 8, "concepts.1.label")]
    assert set(bank.rubrics) == {"hostile"}  # a warning, not a rejection: front ends neutralise the text


def test_a_control_character_in_a_key_is_reported(tmp_path, write_file):
    write_file(tmp_path / "q" / "a.yaml", 'id: a\ntitle: T\nprompt: P?\ncategory: c\n"x\\e[2J": 1\n')
    bank = load_bank([tmp_path / "q"], [])
    [warning] = [p for p in bank.problems if p.severity == "warning"]
    assert warning.line == 5 and "key contains terminal control characters" in warning.message


def test_rubrics_check_prints_the_warnings(tmp_path, write_file):
    write_file(tmp_path / "q" / "hostile.yaml", QUESTION)
    rubric_file = write_file(tmp_path / "r" / "hostile.yaml", RUBRIC)
    result = CliRunner().invoke(
        main,
        ["--db", str(tmp_path / "h.db"), "--bank", str(tmp_path / "q"), "rubrics", "check", str(tmp_path / "r")],
    )
    lines = result.output.splitlines()
    assert f"{rubric_file}:6: warning: concepts.0.hint: text contains terminal control characters" in "\n".join(lines)
    assert any(line.startswith(f"{rubric_file}:8: warning: concepts.1.label:") for line in lines)
    assert "\x1b" not in result.output  # the warning itself does not replay the sequence


def test_a_hostile_key_is_reported_without_replaying_its_escape_sequence(tmp_path, write_file):
    write_file(tmp_path / "q" / "a.yaml", 'id: a\ntitle: T\nprompt: P?\ncategory: c\n"x\\e]0;owned\\a": 1\n')
    result = CliRunner().invoke(
        main, ["--db", str(tmp_path / "h.db"), "--bank", str(tmp_path / "q"), "rubrics", "check", str(tmp_path / "q")]
    )
    assert "unknown field" in result.output and "key contains terminal control characters" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
