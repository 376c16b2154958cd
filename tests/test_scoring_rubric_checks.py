"""The rubric checker on the scorer 2.0 fields: every problem with file, dotted field and line; notices for
phrases that lose characters or would be slow."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import load_bank
from tpm_trainer.scoring.phrases import phrase_warnings

QUESTION = "id: q-one\ntitle: One\nprompt: How would you update the fleet?\ncategory: c\n"


def load(tmp_path, write_file, rubric_text):
    write_file(tmp_path / "q" / "q.yaml", QUESTION)
    write_file(tmp_path / "r" / "r.yaml", rubric_text)
    return load_bank([tmp_path / "q"], [tmp_path / "r"])


@pytest.mark.parametrize(
    ("text", "field", "line"),
    [
        (
            "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases: [x]\n    not_with: ['(open']\n",
            "concepts.0.not_with.0",
            6,
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\nred_flags:\n"
            "  - id: r\n    label: R\n    phrases: [y]\n    not_with: ['(open']\n",
            "red_flags.0.not_with.0",
            8,
        ),
        (
            "question: q-one\nconcepts:\n  - {id: a, label: A, phrases: [x]}\nanchors:\n  - fleet\n  - '(a (b))'\n",
            "anchors.1",
            6,
        ),
    ],
)
def test_bad_phrases_in_new_fields_are_reported_with_field_and_line(tmp_path, write_file, text, field, line):
    bank = load(tmp_path, write_file, text)
    [problem] = [p for p in bank.problems if p.severity == "error"]
    assert problem.field == field and problem.line == line
    assert "q-one" not in bank.rubrics


def test_every_problem_is_reported(tmp_path, write_file):
    text = (
        "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases: [x]\n    scope: paragraph\n"
        "red_flags:\n  - {id: r, label: R, phrases: [y], severity: fatal}\n"
    )
    bank = load(tmp_path, write_file, text)
    messages = " | ".join(f"{p.field}: {p.message}" for p in bank.problems)
    assert "concepts.0.scope" in messages and "red_flags.0.severity" in messages


def test_lossy_and_slow_phrases_get_notices_but_load(tmp_path, write_file):
    text = "question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases:\n      - '(a+)+'\n      - canary\n"
    bank = load(tmp_path, write_file, text)
    [notice] = bank.problems
    assert notice.severity == "notice" and notice.field == "concepts.0.phrases.0" and notice.line == 6
    assert "+" in notice.message and "'a'" in notice.message
    assert "q-one" in bank.rubrics


@pytest.mark.parametrize(
    ("phrase", "warned"),
    [
        ("canary ... rollout", False),
        ("(a+)+", True),
        ("[rR]ollback", True),
        (" ".join(f"w{i}" for i in range(20)), True),
        ("a ... b ... c ... d ... e", True),
        ("(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen) thing", False),
        ("canar(y|ies)", True),
        ("work back(wards|) from", True),
        ("(backward |backwards |)compatible", False),
        ("(work|plan) (back|backwards) from", False),
    ],
)
def test_phrase_warnings(phrase, warned):
    assert bool(phrase_warnings(phrase)) is warned


@pytest.mark.parametrize(
    ("phrase", "advice"),
    [
        ("(the )?canary", "`(the|) canary`"),
        ("rollbacks?", "plurals need no `s?`"),
        ("canar(y|ies)", "`(canary|canaries)`"),
    ],
)
def test_regular_expression_habits_get_the_phrase_syntax_for_them(phrase, advice):
    assert advice in " ".join(phrase_warnings(phrase))
