"""Fluent jargon written to fool the scorer stays below Hire, or at the measured level.

benchmarks/jargon_answers/ holds 96 answers a blind writer composed from 32 prompts alone (ten shipped
questions and the prompts of the first two foreign-rubric folders): for each, full sentences packed with the
topic's terms and no reasoning, the same in a consultant's voice, and in the first person. Comma lists are
caught as keyword lists; these are sentences, so they test the `packed` check. Scorer 2.7 rated 56 of them
Hire; scorer 2.8 rates 25 Hire and none Strong hire.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from tpm_trainer.scoring import score_answer
from tpm_trainer.sources import Sources

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
MEASURED_AT_HIRE = 25


def test_jargon_in_sentences_is_mostly_held_below_hire(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TPM_TRAINER_BANK", raising=False)
    monkeypatch.delenv("TPM_TRAINER_RUBRICS", raising=False)
    folders = [BENCHMARKS / "foreign_rubrics", BENCHMARKS / "foreign_rubrics_2"]
    bank = Sources.resolve(
        tuple(folder / "questions" for folder in folders), tuple(folder / "rubrics" for folder in folders)
    ).load()
    data = yaml.safe_load((BENCHMARKS / "jargon_answers" / "answers-buzz.yaml").read_text(encoding="utf-8"))
    bands: Counter[str] = Counter()
    packed = 0
    for entry in data["questions"]:
        rubric = bank.rubric_for(entry["id"])
        assert rubric is not None, entry["id"]
        for answer in entry["answers"].values():
            report = score_answer(answer, rubric, bank.questions[entry["id"]], bank.topics)
            bands[report.band] += 1
            packed += any(cap.kind == "packed" for cap in report.caps)
    assert sum(bands.values()) == 96
    assert bands["Strong hire"] == 0
    assert bands["Hire"] <= MEASURED_AT_HIRE
    assert packed >= 40  # the check, not some other cap, holds most of them (43 at scorer 2.8)
