"""Rubrics a mentor wrote from the guide alone, with blind answers: the issue's targets hold on them too, or,
where they do not yet, the measured level holds.

benchmarks/foreign_rubrics/ (ten questions, scorer 2.6), benchmarks/foreign_rubrics_2/ (twelve, scorer
2.7), benchmarks/foreign_rubrics_3/ (twelve, scorer 2.8), benchmarks/foreign_rubrics_4/ and
benchmarks/foreign_rubrics_5/ (twelve each, scorer 2.9) each hold questions and rubrics written by someone who read only docs/writing-rubrics.md, and blind
answers from several writers. Asserted per answer set: strong > medium > weak on every question (or the
measured number of exceptions), strong answers at Hire or better, plain answers at Hire or better, medium
never Strong hire, weak at No hire, and gaming answers at Hire or better. The issue's targets are plain
>= 80% and gaming at most 1 in 30; the held-out writers of the second and third folders do not meet them yet
(see docs/scoring.md, "Scorer 2.7" and "Scorer 2.8"), so their floors are the measured figures, which no later
change may lower.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


@dataclass(frozen=True)
class AnswerSet:
    folder: str
    answers: str
    questions: int
    order_exceptions: int = 0
    plain: float = 0.80
    weak: float = 0.90
    gaming_passing: int | None = None  # None: the bar, at most 1 in 30


SETS = [
    AnswerSet("foreign_rubrics", "answers", 10),
    AnswerSet("foreign_rubrics", "answers_heldout", 10),
    # Second folder: z and w were read to widen the lexicon and the shared red flags; v stayed held out.
    AnswerSet("foreign_rubrics_2", "answers_z", 12, order_exceptions=2, plain=0.90),
    AnswerSet("foreign_rubrics_2", "answers_w", 12, plain=0.90),
    AnswerSet("foreign_rubrics_2", "answers_v", 12, plain=0.75, gaming_passing=3),
    # Third folder (scorer 2.8): s was read; t stayed held out (aggregate figures only).
    AnswerSet("foreign_rubrics_3", "answers_s", 12),
    AnswerSet("foreign_rubrics_3", "answers_t", 12, order_exceptions=1),
    # Fourth folder (scorer 2.9): a was read; b stayed held out (aggregate figures only).
    AnswerSet("foreign_rubrics_4", "answers_a", 12, plain=0.90),
    AnswerSet("foreign_rubrics_4", "answers_b", 12, plain=0.90),
    # Fifth folder (scorer 2.9): c was read; d stayed held out (aggregate figures only).
    AnswerSet("foreign_rubrics_5", "answers_c", 12, plain=0.90),
    AnswerSet("foreign_rubrics_5", "answers_d", 12, order_exceptions=1, plain=0.90),
]


@pytest.fixture(scope="module", params=SETS, ids=lambda s: f"{s.folder}/{s.answers}")
def measured(request):
    spec = importlib.util.spec_from_file_location("anti_gaming", BENCHMARKS / "anti_gaming.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["anti_gaming"] = module
    spec.loader.exec_module(module)
    answer_set: AnswerSet = request.param
    folder = BENCHMARKS / answer_set.folder
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TPM_TRAINER_BANK", raising=False)
        patch.delenv("TPM_TRAINER_RUBRICS", raising=False)
        result, _ = module.run(folder / answer_set.answers, (folder / "questions",), (folder / "rubrics",))
    return answer_set, result


def test_every_question_is_scored_by_its_foreign_rubric(measured):
    answer_set, figures = measured
    assert figures["skipped"] == [] and figures["questions"] == answer_set.questions


def test_order_and_targets_hold_on_rubrics_written_by_someone_else(measured):
    answer_set, figures = measured
    assert len(figures["order_failures"]) <= answer_set.order_exceptions, figures["order_failures"]
    assert figures["strong_hire_or_better"] >= 0.90
    assert figures["plain_hire_or_better"] >= answer_set.plain
    assert figures["medium_strong_hire"] <= 0.10
    passing, total = (int(part) for part in str(figures["gaming_hire_or_better"]).split("/"))
    if answer_set.gaming_passing is None:
        assert passing * 30 <= total
    else:
        assert passing <= answer_set.gaming_passing


def test_weak_answers_stay_below_hire(measured):
    # Weak at No hire is at least 9 of 10 on each set (one generic answer reaches Lean no hire on a generous rubric).
    answer_set, figures = measured
    assert figures["weak_no_hire"] >= answer_set.weak


@pytest.mark.parametrize("folder", sorted({answer_set.folder for answer_set in SETS}))
def test_the_mentors_calibration_examples_and_model_answers_still_pass(folder, tmp_path):
    # `rubrics check` on the folder exactly as a mentor runs it: every calibration example in its band, every
    # model answer at its rubric's top band, no file problem.
    from click.testing import CliRunner

    from tpm_trainer.cli import main

    root = BENCHMARKS / folder
    args = ["--db", str(tmp_path / "check.db"), "--bank", str(root / "questions"), "--rubrics", str(root / "rubrics")]
    args += ["rubrics", "check", str(root / "questions"), str(root / "rubrics")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert " 0 failing, 0 file problem(s)" in result.output
