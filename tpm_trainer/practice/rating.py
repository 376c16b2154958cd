"""The FSRS rating of one answer, from its score band (never from a self-rating).

No hire → Again, Lean no hire → Hard, Hire → Good, Strong hire → Easy. A rubric with bands of its own
names is rated from the score with the default band thresholds (80 / 60 / 40). When the candidate
opened hints while answering, the rating is lowered one step (Easy → Good … Hard → Again; Again stays).
Follow-up answers are not rated: they are graded on what the main answer missed, so they say nothing
new about how well the question itself is known.
"""

from __future__ import annotations

from fsrs import Rating

BAND_RATINGS: dict[str, Rating] = {
    "No hire": Rating.Again,
    "Lean no hire": Rating.Hard,
    "Hire": Rating.Good,
    "Strong hire": Rating.Easy,
}
"""The default bands of `models.DEFAULT_BANDS` and the rating each gives."""

SCORE_RATINGS: tuple[tuple[float, Rating], ...] = (
    (80.0, Rating.Easy),
    (60.0, Rating.Good),
    (40.0, Rating.Hard),
    (0.0, Rating.Again),
)
"""Lowest score for each rating, used for bands not in BAND_RATINGS."""


def rating_for(band: str | None, score: float, hints_used: int = 0) -> Rating:
    """The rating of a main answer with this band and score; one step lower when hints were used."""
    rating = BAND_RATINGS.get(band or "")
    if rating is None:
        rating = next(rated for lowest, rated in SCORE_RATINGS if score >= lowest)
    if hints_used > 0 and rating != Rating.Again:
        rating = Rating(rating.value - 1)
    return rating
