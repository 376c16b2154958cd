"""Word equivalents: lexicon groups of interchangeable words that widen every rubric phrase."""

from __future__ import annotations

import pytest

from tpm_trainer.lexicon import load_lexicon, shipped_lexicon_dir
from tpm_trainer.scoring import rubric_hash, score_answer
from tpm_trainer.scoring.phrases import compile_phrases
from tpm_trainer.scoring.widen import build_table, widen_phrase

from .lexicon_helpers import SHIP_QUESTION, bank_with_lexicon

TABLE = build_table(
    [
        ("impact", "damage", "harm"),
        ("integrate", "combine", "merge"),
        ("day one", "first day"),
        ("value", "benefit"),
    ]
)


@pytest.mark.parametrize(
    ("phrase", "widened"),
    [
        (
            "(likelihood|probability) ... (impact|severity)",
            "(likelihood|probability) ... (impact|severity|damage|harm)",
        ),
        ("customer value", "customer (value|benefit)"),
        ("customer values", "customer (values|benefit)"),  # compared by stem
        ("(merge|check in) ... (daily|nightly)", "(merge|check in|integrate|combine) ... (daily|nightly)"),
        ("ready on day one", "ready on (day one|first day)"),  # a two-word member inside a run of words
        ("(on day one|soon)", "(on day one|soon)"),  # part of a longer alternative: left as written
        ("impact ~ likelihood", "(impact|damage|harm) ~ likelihood"),
        ("risk (impact|damage)", "risk (impact|damage|harm)"),  # members already there are not repeated
        ("=impact", "=impact"),  # an exact form stays exact
        ("impact*", "impact*"),  # so does a prefix
        ("(the|) # days", "(the|) # days"),
        ("nothing to widen here", "nothing to widen here"),
        ("(a|b)  c", "(a|b)  c"),  # unchanged text is returned exactly as written
    ],
)
def test_widen_phrase(phrase, widened):
    assert widen_phrase(phrase, TABLE) == widened
    compile_phrases(widen_phrase(phrase, TABLE))  # still a valid phrase


def test_an_empty_table_changes_nothing():
    assert widen_phrase("customer value", build_table([])) == "customer value"


QUESTION = SHIP_QUESTION
RUBRIC = """\
question: q-one
concepts:
  - id: sizing
    label: Size each risk
    phrases: ['(likelihood|probability) ... (severity|size)']
    weight: 1
  - id: other
    label: Other
    phrases: [canary]
"""
WORDS = """\
version: 1
equivalents:
  - words: [severity, seriousness, gravity]
    note: how bad a failure would be
"""
ANSWER = "For each risk I estimate its likelihood and the seriousness of it, and we work on the worst first."


def load(tmp_path, write_file, rubric: str = RUBRIC, words: str = WORDS):
    return bank_with_lexicon(tmp_path, QUESTION, rubric, words=words)


def test_an_equivalent_word_lets_a_rubric_phrase_match_everyday_wording(tmp_path, write_file):
    bank = load(tmp_path, write_file)
    assert bank.errors == []
    result = score_answer(ANSWER, bank.rubrics["q-one"]).concepts[0]
    assert result.hit
    assert result.evidence is not None and result.evidence.text == "likelihood and the seriousness"


def test_a_rubric_can_turn_equivalents_off(tmp_path, write_file):
    bank = load(tmp_path, write_file, RUBRIC + "matching:\n  equivalents: false\n")
    assert not score_answer(ANSWER, bank.rubrics["q-one"]).concepts[0].hit


def test_the_rubric_hash_follows_the_equivalents(tmp_path, write_file):
    before = rubric_hash(load(tmp_path, write_file).rubrics["q-one"])
    after = rubric_hash(
        load(tmp_path, write_file, words=WORDS.replace("gravity]", "gravity, graveness]")).rubrics["q-one"]
    )
    assert before != after


@pytest.mark.parametrize(
    ("words", "field", "line", "message"),
    [
        (
            WORDS + "  - words: [gravity, weight of it]\n",
            "equivalents.1.words",
            5,
            "a word may be in one group of equivalents only: `gravity` (already in words.yaml line 3)",
        ),
        ("version: 1\nequivalents:\n  - words: [gravity]\n", "equivalents.0.words", 3, "at least 2"),
        ("version: 1\nequivalents:\n  - words: [gravity, 'grave*']\n", "equivalents.0.words", 3, "plain words"),
        ("version: 1\nequivalents:\n  - words: [gravity, a b c d]\n", "equivalents.0.words", 3, "one to three"),
        ("version: 1\n", "", None, "needs `families`, `equivalents` or `red_flags`"),
    ],
    ids=["word-in-two-groups", "one-member", "wildcard-member", "long-member", "empty-file"],
)
def test_equivalents_problems_name_file_field_and_line(tmp_path, write_file, words, field, line, message):
    bank = load(tmp_path, write_file, words=words)
    found = [(p.file.name, p.field, p.line, p.message) for p in bank.errors]
    assert any(
        name == "words.yaml" and got_field == field and (line is None or got_line == line) and message in got_message
        for name, got_field, got_line, got_message in found
    ), found
    assert set(bank.rubrics) == {"q-one"}  # the rubric still loads


def test_shipped_equivalents_are_disjoint_and_every_shipped_phrase_still_compiles():
    shipped = load_lexicon([shipped_lexicon_dir()])
    assert shipped.problems == []
    assert len(shipped.equivalents) >= 20
    members = [member for group in shipped.equivalents for member in group]
    assert len(members) == len(set(members))
