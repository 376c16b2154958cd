"""A capped score is scaled into its band, so capped answers keep their order below uncapped ones."""

from __future__ import annotations

import pytest

from tpm_trainer.models import Rubric
from tpm_trainer.scoring.caps import cap_score

RUBRIC = Rubric.model_validate({"question": "q", "concepts": [{"id": "c", "label": "C", "phrases": ["c"]}]})
"""Default bands: Strong hire from 80, Hire from 60, Lean no hire from 40, No hire from 0."""


@pytest.mark.parametrize(
    ("score", "band", "capped"),
    [
        (100.0, "Hire", 79.9),  # the fullest answer reads the band's top
        (90.0, "Hire", 74.9),  # halfway from the floor to 100 -> about halfway up the band
        (80.0, "Hire", 70.0),
        (79.9, "Hire", 79.9),  # already inside the band: unchanged
        (65.0, "Hire", 65.0),
        (95.0, "Strong hire", 95.0),  # the top band caps nothing
        (100.0, "No hire", 39.9),
        (50.0, "No hire", 19.9),
        (20.0, "No hire", 20.0),
        (100.0, "Lean no hire", 59.9),
        (70.0, "Lean no hire", 50.0),
    ],
)
def test_a_capped_score_is_scaled_into_the_band(score, band, capped):
    assert cap_score(RUBRIC, score, band) == capped


def test_capped_answers_keep_their_order_and_stay_inside_the_band():
    scores = [60.0 + step * 0.5 for step in range(81)]  # 60 .. 100
    capped = [cap_score(RUBRIC, score, "Lean no hire") for score in scores]
    assert capped == sorted(capped)
    assert all(40.0 <= value <= 59.9 for value in capped)
