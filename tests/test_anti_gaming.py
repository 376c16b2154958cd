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


def test_plain_english_reaches_the_target(figures):
    # Scorer 2.2 read 64% here (from 40%); since scorer 2.5 every plain answer of this set reaches Hire.
    assert figures["plain_hire_or_better"] >= 0.80


def test_the_earlier_held_out_sets_keep_their_figures(monkeypatch_module: pytest.MonkeyPatch) -> None:
    """The 115 questions of blind answers in benchmarks/holdout*_answers/ (held out when written, read since):
    measured at scorer 2.8, plain 93% and 6 gaming answers at Hire in 690 (another question's strong answer,
    for closely related questions); strong > medium > weak holds on 112 of the 115 questions."""
    benchmark = _benchmark()
    results = []
    order_failures = 0
    for folder in sorted((ROOT / "benchmarks").glob("holdout*_answers")):
        measured, scored = benchmark.run(folder)
        results += scored
        order_failures += len(measured["order_failures"])
    assert order_failures <= 3
    by_kind = {kind: [r for r in results if r.kind == kind] for kind in ("strong", "plain", "medium", "weak")}
    top = ("Strong hire", "Hire")
    assert len(by_kind["strong"]) == 115
    assert sum(r.band in top for r in by_kind["strong"]) >= 114
    assert sum(r.band in top for r in by_kind["plain"]) >= 107
    assert not any(r.band == "Strong hire" for r in by_kind["medium"])
    gaming = [r for r in results if r.kind in benchmark.GAMING_KINDS]
    assert sum(r.band in top for r in gaming) * 30 <= len(gaming)
