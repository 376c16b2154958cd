"""Sentences that turn a practice down, and the cap for an answer that does it sentence after sentence."""

from __future__ import annotations

import pytest

from tpm_trainer.models import Rubric
from tpm_trainer.scoring import score_answer
from tpm_trainer.scoring.rejection import rejections
from tpm_trainer.scoring.text import tokenize


@pytest.mark.parametrize(
    ("sentence", "rejects"),
    [
        ("I don't see the need for a canary on a change this small.", True),
        ("I wouldn't bother writing the rollback plan down.", True),
        ("We never measured a baseline before the launch.", True),
        ("I'd skip dogfooding with internal users entirely.", True),
        ("Skip the fact-finding and start building on day one.", True),
        ("A risk register isn't worth the effort for a team this size.", True),
        ("There is no need to agree who can flip the flags.", True),
        ("Modelling the options is a waste of time for everyone.", True),
        ("Security and accessibility reviews can wait until after the launch.", True),
        ("Nobody needs a hardware abstraction layer for two parts.", True),
        ("I've never found much use in agreeing tolerances at kickoff.", True),
        ("A shared incident timeline sounds great in theory, but it slows people down.", True),
        ("We never found the cause of the second outage.", False),  # a discovery, not a choice
        ("People worry about under-reporting, but I think that's overblown.", True),
        ("Using medians is a statistical nicety leadership won't care about.", True),
        ("Normalising by traffic adds complexity nobody understands.", True),
        # Limits, lacks and rules are not choices against a practice.
        ("We didn't have the data to decide, so we ran a two-week spike.", False),
        ("I didn't know the vendor had changed its API.", False),
        ("We can't ship by May without cutting the reporting module.", False),
        ("We must never lose an order, so payments stay synchronous.", False),
        ("We roll out in waves and watch the error rate at each step.", False),
        ("Teams waste days waiting on reviews, so we set a review target.", False),
        # Two negations keep a practice: a team's rules, not a rejection.
        ("We never skip the canary, even for a one-line change.", False),
        ("We don't merge anything without a second review.", False),
    ],
)
def test_a_sentence_turns_a_practice_down(sentence: str, rejects: bool) -> None:
    assert bool(rejections(tokenize(sentence)).rejecting) is rejects


RUBRIC = Rubric.model_validate(
    {
        "question": "q",
        "concepts": [
            {"id": "canary", "label": "Canary", "phrases": ["canary"]},
            {"id": "waves", "label": "Waves", "phrases": ["waves"]},
            {"id": "monitoring", "label": "Monitoring", "phrases": ["error rate"]},
            {"id": "rollback", "label": "Rollback", "phrases": ["roll back"]},
        ],
    }
)
REJECTING = (
    "A canary is a small first group of servers that gets the update before the rest. "
    "Honestly I don't see the need for one on our fleet. "
    "People like to roll out in waves of ten percent, then fifty, then the rest. "
    "That feels painfully slow, so I'd skip it and push everywhere on the same night. "
    "Dashboards on the error rate per wave are a lot of setup for little payoff. "
    "A written plan to roll back isn't worth it either, since we can redeploy. "
    "The on-call engineer watches the alerts like on any other night. "
    "Success is just getting the update out."
)
GOOD = (
    "We start with a canary of fifty servers and watch the error rate for an hour. "
    "We didn't have a load test for the new kernel, so the canary is our first real signal. "
    "Then we roll out in waves of ten percent, then fifty, then the rest. "
    "We can't patch during the sales peak, so the waves run on quiet nights. "
    "If the error rate rises we roll back the wave automatically. "
    "I didn't want one team to carry it alone, so each wave has its own owner. "
    "Every step is written in the runbook. "
    "Success is the whole fleet patched with no customer-facing incident."
)


def test_an_answer_that_turns_practice_after_practice_down_is_capped_with_its_words() -> None:
    report = score_answer(REJECTING, RUBRIC)
    cap = next(cap for cap in report.caps if cap.kind == "rejects_practices")
    assert "turns practices down in" in cap.reason and "I don't" in cap.reason
    assert report.band not in ("Strong hire", "Hire")


def test_a_good_answer_with_a_few_limits_and_contrasts_is_not_capped() -> None:
    report = score_answer(GOOD, RUBRIC)
    assert "rejects_practices" not in [cap.kind for cap in report.caps]
    assert report.band in ("Strong hire", "Hire")


def test_the_check_follows_the_rubric_negation_setting() -> None:
    off = RUBRIC.model_copy(update={"matching": RUBRIC.matching.model_copy(update={"negation": False})})
    assert "rejects_practices" not in [cap.kind for cap in score_answer(REJECTING, off).caps]
