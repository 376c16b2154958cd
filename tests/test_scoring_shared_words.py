"""`shares_words`: a marker concept takes no part in "each word counts towards one concept only". Off by
default, so every other rubric scores (and hashes) exactly as before."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import load_bank
from tpm_trainer.models import Rubric
from tpm_trainer.scoring import rubric_hash, score_answer


def rubric(marker_shares: bool) -> Rubric:
    """Evidence ("the black lid was the hottest") overlaps two shorter facts: a colour and a ranking."""
    marker = {"shares_words": True} if marker_shares else {}
    return Rubric.model_validate(
        {
            "question": "q-one",
            "matching": {"negation": False, "non_answer_checks": False, "elaboration_share": 0},
            "concepts": [
                {"id": "evidence", "label": "E", "phrases": ["(black|white) lid was the (hottest|coolest)"]},
                {"id": "black", "label": "B", "phrases": ["black"], **marker},
                {"id": "ranked", "label": "R", "phrases": ["(hottest|coolest|than)"], **marker},
            ],
            "groups": [{"id": "facts", "label": "F", "concepts": ["evidence", "black", "ranked"]}],
            "scoring": {"method": "rules", "max_points": 3, "rules": [{"points": 3, "when": {"facts": 3}}]},
        }
    )


@pytest.mark.parametrize(
    ("answer", "shares", "hits"),
    [
        # Off: the longer evidence match claims "black" and "hottest"; the markers lose them.
        ("The black lid was the hottest.", False, {"evidence"}),
        # On: the markers keep their words and the evidence keeps its own.
        ("The black lid was the hottest.", True, {"evidence", "black", "ranked"}),
        ("The white lid was the coolest.", True, {"evidence", "ranked"}),
        # A marker alone, with nothing to share with, counts either way.
        ("Paint it black.", False, {"black"}),
        ("Paint it black.", True, {"black"}),
        ("Black is warmer than white.", True, {"black", "ranked"}),
        ("Paint it green.", True, set()),
    ],
)
def test_markers_keep_words_other_concepts_claim(answer, shares, hits):
    report = score_answer(answer, rubric(shares))
    assert {concept.id for concept in report.concepts if concept.hit} == hits


def test_a_marker_takes_no_word_from_another_concept():
    """A marker's match never takes a word away, even when it is the longer match."""
    wide = Rubric.model_validate(
        {
            "question": "q-one",
            "concepts": [
                {"id": "lid", "label": "L", "phrases": ["lid"]},
                {"id": "sentence", "label": "S", "phrases": ["the black lid was hot"], "shares_words": True},
            ],
        }
    )
    report = score_answer("The black lid was hot.", wide)
    assert [concept.hit for concept in report.concepts] == [True, True]


def test_off_by_default_and_left_out_of_the_hash():
    plain = {"question": "q-one", "concepts": [{"id": "a", "label": "A", "phrases": ["x"]}]}
    explicit_off = {
        "question": "q-one",
        "concepts": [{"id": "a", "label": "A", "phrases": ["x"], "shares_words": False}],
    }
    turned_on = {"question": "q-one", "concepts": [{"id": "a", "label": "A", "phrases": ["x"], "shares_words": True}]}
    assert not Rubric.model_validate(plain).concepts[0].shares_words
    assert "shares_words" not in Rubric.model_validate(plain).model_dump()["concepts"][0]
    assert rubric_hash(Rubric.model_validate(plain)) == rubric_hash(Rubric.model_validate(explicit_off))
    assert rubric_hash(Rubric.model_validate(plain)) != rubric_hash(Rubric.model_validate(turned_on))


QUESTION = "id: q-one\ntitle: One\nprompt: Which colour would you paint the doghouse?\ncategory: c\n"


@pytest.mark.parametrize(
    ("value", "loads"),
    [("true", True), ("false", True), ("sometimes", False), ("[black]", False)],
)
def test_the_checker_reports_a_bad_value_with_field_and_line(tmp_path, write_file, value, loads):
    write_file(tmp_path / "q" / "q.yaml", QUESTION)
    text = f"question: q-one\nconcepts:\n  - id: a\n    label: A\n    phrases: [x]\n    shares_words: {value}\n"
    write_file(tmp_path / "r" / "r.yaml", text)
    bank = load_bank([tmp_path / "q"], [tmp_path / "r"])
    errors = [problem for problem in bank.problems if problem.severity == "error"]
    assert ("q-one" in bank.rubrics) == loads
    if not loads:
        [problem] = errors
        assert problem.field == "concepts.0.shares_words" and problem.line == 6
