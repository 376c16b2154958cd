"""Reckless answers written to fool a keyword scorer: held at or below the measured level.

benchmarks/reckless_answers/ holds 144 answers two blind writers composed from 24 prompts alone (the twelve of
the second foreign-rubric folder and twelve shipped questions): for each, a reckless plan, a mostly sound
answer with one or two reckless or unethical central decisions, and a proud story of a reckless act, all in
the right vocabulary. Writer r was read (its wordings led to the scorer 2.9 shared red flags); writer q is
held out. Scorer 2.8 rated 35 of r's 72 and 33 of q's 72 Hire or better; scorer 2.9 rates 14 and 30. The
issue's bar (at most 1 in 30) is far from met on answers written this way: see docs/scoring.md, "Scorer 2.9".
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tpm_trainer.scoring import score_answer
from tpm_trainer.sources import Sources

FOLDER = Path(__file__).resolve().parent.parent / "benchmarks" / "reckless_answers"
FOREIGN = FOLDER.parent / "foreign_rubrics_2"
MEASURED_AT_HIRE = {"answers-r.yaml": 14, "answers-q.yaml": 30}


@pytest.mark.parametrize("name", sorted(MEASURED_AT_HIRE))
def test_reckless_answers_stay_at_or_below_the_measured_level(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.delenv("TPM_TRAINER_BANK", raising=False)
    monkeypatch.delenv("TPM_TRAINER_RUBRICS", raising=False)
    bank = Sources.resolve((FOREIGN / "questions",), (FOREIGN / "rubrics",)).load()
    data = yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))
    scored = passing = 0
    for entry in data["questions"]:
        rubric = bank.rubric_for(entry["id"])
        assert rubric is not None, entry["id"]
        for answer in entry["answers"].values():
            report = score_answer(answer, rubric, bank.questions[entry["id"]], bank.topics)
            scored += 1
            passing += report.band in ("Hire", "Strong hire")
    assert scored == 72
    assert passing <= MEASURED_AT_HIRE[name]
