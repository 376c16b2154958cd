"""The anti-gaming benchmark's orderings and caps, asserted so that no later change quietly undoes them.

The answers in tests/fixtures/anti_gaming/ were written blind (from the prompts alone) and are frozen; the
benchmark (benchmarks/anti_gaming.py) scores them with the shipped rubrics. The thresholds below are the
figures measured for scorer 2.0 and 2.1 where a target is not met yet (plain English and medium answers), and the
issue's targets where it is.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("anti_gaming", ROOT / "benchmarks" / "anti_gaming.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["anti_gaming"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def figures(monkeypatch_module: pytest.MonkeyPatch) -> dict[str, object]:
    benchmark = _benchmark()
    result, _ = benchmark.run()
    return result


@pytest.fixture(scope="module")
def monkeypatch_module():
    # The shipped bank only: the user's own folders must not change the figures.
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("TPM_TRAINER_BANK", raising=False)
        patch.delenv("TPM_TRAINER_RUBRICS", raising=False)
        yield patch


def test_every_blind_question_has_a_rubric(figures):
    assert figures["skipped"] == []
    assert figures["questions"] >= 20


def test_strong_beats_medium_beats_weak_on_every_question(figures):
    assert figures["order_failures"] == []


def test_strong_answers_reach_hire(figures):
    assert figures["strong_hire_or_better"] >= 0.90


def test_weak_answers_get_no_hire(figures):
    assert figures["weak_no_hire"] >= 0.95


def test_gaming_answers_rarely_reach_hire(figures):
    assert figures["gaming_hire_or_better_share"] <= 1 / 30


def test_medium_answers_rarely_reach_strong_hire(figures):
    assert figures["medium_strong_hire"] <= 0.10


def test_plain_english_does_not_regress(figures):
    # Not at target yet (>= 80%). Scorer 2.2 (word equivalents, one missed required concept in a developed
    # answer costs only the top band) reads 64%, from 40%: this keeps it from getting worse unnoticed.
    assert figures["plain_hire_or_better"] >= 0.64
