"""Every shipped question carries a complete model answer that scores Strong hire with its own rubric."""

from __future__ import annotations

import pytest

from tpm_trainer.bank import Bank
from tpm_trainer.scoring import score_answer
from tpm_trainer.sources import Sources

STRONG_HIRE = "Strong hire"
MIN_WORDS = 220
MAX_WORDS = 380


def _shipped_bank() -> Bank:
    return Sources.resolve(use_environment=False).load(cached=False)


SHIPPED = _shipped_bank()
QUESTION_IDS = sorted(question.id for question in SHIPPED.questions.values())


def test_the_shipped_bank_loads_cleanly_with_every_question() -> None:
    # Guards the parametrised tests below against passing vacuously on an empty or broken bank.
    assert not SHIPPED.errors
    assert len(QUESTION_IDS) >= 132


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_model_answer_is_complete_prose(question_id: str) -> None:
    answer = SHIPPED.question(question_id).model_answer
    assert answer, f"{question_id} has no model_answer"
    words = len(answer.split())
    assert MIN_WORDS <= words <= MAX_WORDS, f"{question_id}: {words} words"
    paragraphs = [paragraph for paragraph in answer.split("\n\n") if paragraph.strip()]
    assert len(paragraphs) >= 2, f"{question_id}: write the answer in paragraphs"
    for line in answer.splitlines():
        assert not line.lstrip().startswith(("-", "*", "\u2022")), f"{question_id}: a list, not prose: {line[:60]}"


@pytest.mark.parametrize("question_id", QUESTION_IDS)
def test_model_answer_scores_strong_hire_with_its_own_rubric(question_id: str) -> None:
    question = SHIPPED.question(question_id)
    answer = question.model_answer
    assert answer, f"{question_id} has no model_answer"
    rubric = SHIPPED.rubric_for(question_id)
    assert rubric is not None, f"{question_id} has no rubric"
    # Scored with its question and the bank's topics, as in the app, so the scenario, non-answer and
    # other-question checks apply too.
    report = score_answer(answer, rubric, question, SHIPPED.topics)
    missed = [concept.id for concept in report.concepts if not concept.hit]
    flags = [flag.id for flag in report.red_flags]
    assert report.band == STRONG_HIRE, f"{question_id}: {report.band} ({report.score}); missed {missed}; flags {flags}"
