"""Rubrics a mentor wrote from the guide alone, with blind answers: the issue's targets hold on them too.

benchmarks/foreign_rubrics/ holds ten questions and rubrics written by someone who read only
docs/writing-rubrics.md, and two writers' blind answers. Asserted: strong > medium > weak on every
question, strong and plain answers at Hire or better, medium never Strong hire, gaming answers at Hire or
better at most 1 in 30.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOREIGN = ROOT / "benchmarks" / "foreign_rubrics"


@pytest.fixture(scope="module", params=["answers", "answers_heldout"])
def figures(request):
    spec = importlib.util.spec_from_file_location("anti_gaming", ROOT / "benchmarks" / "anti_gaming.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["anti_gaming"] = module
    spec.loader.exec_module(module)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TPM_TRAINER_BANK", raising=False)
        patch.delenv("TPM_TRAINER_RUBRICS", raising=False)
        result, _ = module.run(FOREIGN / request.param, (FOREIGN / "questions",), (FOREIGN / "rubrics",))
    return result


def test_every_question_is_scored_by_its_foreign_rubric(figures):
    assert figures["skipped"] == [] and figures["questions"] == 10


def test_order_and_targets_hold_on_rubrics_written_by_someone_else(figures):
    assert figures["order_failures"] == []
    assert figures["strong_hire_or_better"] >= 0.90
    assert figures["plain_hire_or_better"] >= 0.80
    assert figures["medium_strong_hire"] <= 0.10
    passing, total = (int(part) for part in str(figures["gaming_hire_or_better"]).split("/"))
    assert passing * 30 <= total


def test_weak_answers_stay_below_hire(figures):
    # Weak at No hire is 9 of 10 on each set (one generic answer reaches Lean no hire on a generous rubric).
    assert figures["weak_no_hire"] >= 0.9
