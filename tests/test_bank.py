"""Loading and validating question and rubric folders: every problem, with file, field, line, suggestion."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import UnknownQuestionError, load_bank

from .conftest import FIXTURE_BANK

GOOD_QUESTION = """\
id: q-one
title: One
prompt: Question one?
category: cat
"""


def test_fixture_bank_loads_cleanly(fixture_bank):
    assert fixture_bank.problems == []
    assert set(fixture_bank.questions) == {"fx-rollout", "fx-story", "fx-no-rubric"}
    assert set(fixture_bank.rubrics) == {"fx-rollout", "fx-story"}
    assert fixture_bank.categories() == ["leadership", "rollouts"]


def test_unknown_question_suggests_the_closest_id(fixture_bank):
    with pytest.raises(UnknownQuestionError, match="did you mean `fx-rollout`"):
        fixture_bank.question("fx-rolout")


def load_one_rubric(tmp_path, write_file, rubric_text):
    write_file(tmp_path / "q" / "one.yaml", GOOD_QUESTION)
    write_file(tmp_path / "r" / "one.yaml", rubric_text)
    return load_bank([tmp_path / "q"], [tmp_path / "r"])


def test_misspelt_key_reports_file_field_line_and_suggestion(tmp_path, write_file):
    bank = load_one_rubric(
        tmp_path,
        write_file,
        "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases: [x]\n    wieght: 2\n",
    )
    [problem] = bank.problems
    assert problem.file.name == "one.yaml"
    assert problem.field == "concepts.0.wieght"
    assert problem.line == 6
    assert problem.suggestion == "weight"
    assert "did you mean `weight`" in str(problem)
    assert bank.rubrics == {}


def test_every_problem_in_a_file_is_reported(tmp_path, write_file):
    bank = load_one_rubric(
        tmp_path,
        write_file,
        "question: q-one\nconcepts:\n  - id: a\n    lable: A\n    phrases: []\n  - id: B!\n    label: B\n    phrases: [x]\nbandz: []\n",
    )
    fields = {problem.field for problem in bank.problems}
    assert {"concepts.0.lable", "concepts.0.label", "concepts.0.phrases", "concepts.1.id", "bandz"} <= fields
    assert next(p for p in bank.problems if p.field == "bandz").suggestion == "bands"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("question: q-one\nconcepts: [\n", "invalid YAML"),
        ("question: !!python/object:os.system x\n", "tags that build objects are not allowed"),
        ("- just\n- a list\n", "expected a mapping"),
        ("", "expected a mapping"),
        ("question: q-one\nquestion: q-two\nconcepts: []\n", "duplicate key `question`"),
        ("question: q-one\nconcepts:\n  - {id: a, label: A, phrases: ['(unbalanced']}\n", "unbalanced parentheses"),
        # An unquoted ` #` starts a YAML comment, which cut the phrase short: the message says so.
        (
            "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases:\n      - (first|for # weeks)\n",
            "starts a YAML comment, which cut the phrase short",
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x], unless: ['(a (b))']}\n",
            "nested parentheses",
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\nbands: [{label: Top, min_score: 50}]\n",
            "lowest band",
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\n  - {id: a, label: B, phrases: [y]}\n",
            "duplicate concept",
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\ncalibration:\n  - {answer: hi, band: Great}\n",
            "not a band label",
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\nscoring: {method: rules, rules: [{points: 1, when: {zz: 1}}]}\n",
            "unknown concept or group `zz`",
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\ngroups: [{id: g, label: G, concepts: [nope]}]\n",
            "unknown concept `nope`",
        ),
    ],
)
def test_bad_rubric_files_are_reported_not_raised(tmp_path, write_file, text, message):
    bank = load_one_rubric(tmp_path, write_file, text)
    assert any(message in str(problem) for problem in bank.problems), [str(p) for p in bank.problems]
    assert bank.rubrics == {}
    assert "q-one" in bank.questions  # the good question file still loads


def test_literal_values_get_a_suggestion(tmp_path, write_file):
    write_file(tmp_path / "q" / "one.yaml", GOOD_QUESTION + "difficulty: hardd\n")
    bank = load_bank([tmp_path / "q"], [])
    [problem] = bank.problems
    assert problem.field == "difficulty" and problem.line == 5 and problem.suggestion == "hard"


def test_one_bad_file_does_not_stop_the_good_ones(tmp_path, write_file):
    write_file(tmp_path / "q" / "good.yaml", GOOD_QUESTION)
    write_file(tmp_path / "q" / "bad.yaml", "id: [oops\n")
    bank = load_bank([tmp_path / "q"], [])
    assert list(bank.questions) == ["q-one"]
    assert len(bank.errors) == 1 and bank.errors[0].file.name == "bad.yaml"


def test_duplicate_question_ids_and_rubrics_for_unknown_questions(tmp_path, write_file):
    write_file(tmp_path / "q" / "a.yaml", GOOD_QUESTION)
    write_file(tmp_path / "q" / "b.yaml", GOOD_QUESTION)
    write_file(tmp_path / "r" / "x.yaml", "question: q-onne\nconcepts: [{id: a, label: A, phrases: [x]}]\n")
    bank = load_bank([tmp_path / "q"], [tmp_path / "r"])
    messages = [str(problem) for problem in bank.problems]
    assert any("duplicate question id `q-one`" in m for m in messages)
    assert any("rubric for unknown question `q-onne`" in m and "did you mean `q-one`" in m for m in messages)


def test_two_rubrics_for_one_question_in_one_layer_is_an_error(tmp_path, write_file):
    write_file(tmp_path / "q" / "a.yaml", GOOD_QUESTION)
    for name in ("x", "y"):
        write_file(tmp_path / "r" / f"{name}.yaml", "question: q-one\nconcepts: [{id: a, label: A, phrases: [x]}]\n")
    bank = load_bank([tmp_path / "q"], [tmp_path / "r"])
    assert any("second rubric for question `q-one`" in str(problem) for problem in bank.errors)


def test_a_mentor_rubric_replaces_the_shipped_one_with_a_notice(tmp_path, write_file):
    mentor = write_file(
        tmp_path / "mentor" / "rollout.yaml",
        "question: fx-rollout\nversion: 7\nconcepts: [{id: a, label: A, phrases: [x]}]\n",
    )
    bank = load_bank([FIXTURE_BANK / "questions"], [FIXTURE_BANK / "rubrics"], [mentor.parent])
    assert bank.rubrics["fx-rollout"].version == 7
    assert bank.rubric_files["fx-rollout"] == mentor
    [notice] = bank.problems
    assert notice.severity == "notice" and "replaces the earlier rubric" in notice.message
    assert bank.errors == []


def test_missing_folder_is_a_problem(tmp_path):
    bank = load_bank([tmp_path / "nope"], [])
    assert "folder does not exist" in str(bank.problems[0])


def test_non_utf8_and_huge_files_are_reported(tmp_path, write_file):
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "latin.yaml").write_bytes(b"id: caf\xe9\n")
    (tmp_path / "q" / "huge.yaml").write_text("x: " + "a" * 1_100_000)
    bank = load_bank([tmp_path / "q"], [])
    messages = " ".join(str(p) for p in bank.problems)
    assert "not UTF-8" in messages and "too large" in messages


def test_a_phrase_cut_by_a_yaml_comment_gets_a_notice(tmp_path, write_file):
    bank = load_one_rubric(
        tmp_path,
        write_file,
        "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases:\n      - within # minutes\n"
        '      - "within # hours"\n      - canary\n',
    )
    [notice] = bank.problems
    assert notice.severity == "notice" and notice.line == 6 and notice.field == "concepts.0.phrases.0"
    assert "quote the whole phrase" in notice.message
    assert "q-one" in bank.rubrics  # a notice does not reject the rubric
