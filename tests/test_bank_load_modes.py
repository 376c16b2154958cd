"""Everyday loads skip only the slowest check (compiling phrases), and only for the shipped rubrics,
which `rubrics check` compiles (in CI too); a mentor's rubrics are always checked in full."""

from __future__ import annotations

from click.testing import CliRunner

from tpm_trainer.cli import main
from tpm_trainer.sources import Sources

QUESTION = "id: q-one\ntitle: One\nprompt: Question one?\ncategory: cat\n"
BAD_PHRASE_RUBRIC = "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases: ['(unbalanced']\n"


def sources_with(tmp_path, write_file, shipped_rubric: str, mentor_rubric: str | None = None) -> Sources:
    write_file(tmp_path / "q" / "one.yaml", QUESTION)
    write_file(tmp_path / "shipped" / "one.yaml", shipped_rubric)
    mentors: tuple = ()
    if mentor_rubric is not None:
        write_file(tmp_path / "mentor" / "one.yaml", mentor_rubric)
        mentors = (tmp_path / "mentor",)
    return Sources((tmp_path / "q",), (tmp_path / "shipped",), mentors)


def test_a_mentor_rubric_with_a_bad_phrase_is_refused_on_every_load(tmp_path, write_file):
    good = "question: q-one\nconcepts: [{id: a, label: A, phrases: [canary]}]\n"
    sources = sources_with(tmp_path, write_file, good, BAD_PHRASE_RUBRIC)
    for bank in (sources.load(), sources.load(), sources.load(cached=False), sources.load(thorough=True)):
        [error] = bank.errors
        assert error.field == "concepts.0.phrases.0" and "unbalanced parentheses" in error.message
        assert bank.rubric_files["q-one"].parent.name == "shipped"  # the mentor's broken file was not used


def test_the_shipped_phrases_are_compiled_by_a_thorough_load_and_by_rubrics_check(tmp_path, write_file, monkeypatch):
    sources = sources_with(tmp_path, write_file, BAD_PHRASE_RUBRIC)
    assert sources.load().errors == []  # trusted on an everyday load: CI checks the shipped folder
    [error] = sources.load(cached=False, thorough=True).errors
    assert error.line == 5 and "unbalanced parentheses" in error.message

    shipped = {"question_bank": tmp_path / "q", "rubrics": tmp_path / "shipped"}
    monkeypatch.setattr("tpm_trainer.sources.shipped_dir", shipped.__getitem__)
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", str(tmp_path / "h.db"), "questions"])
    assert listed.exit_code == 0 and "q-one" in listed.output and "problem" not in listed.output
    checked = runner.invoke(main, ["--db", str(tmp_path / "h.db"), "rubrics", "check"])
    assert checked.exit_code == 1
    assert "one.yaml:5:15: error: concepts.0.phrases.0: unbalanced parentheses" in checked.output
