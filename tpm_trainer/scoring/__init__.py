"""The rubric-coverage scorer: pure functions, no I/O and no user interface."""

from .follow_up import follow_up_rubric, score_follow_up
from .phrases import PhraseSyntaxError, compile_phrase
from .score import SCORER_VERSION, compile_rubric, rubric_hash, score_answer

__all__ = [
    "SCORER_VERSION",
    "PhraseSyntaxError",
    "compile_phrase",
    "compile_rubric",
    "follow_up_rubric",
    "rubric_hash",
    "score_answer",
    "score_follow_up",
]
