"""Scenario anchors: the content words of a question's prompt, which an answer that engages the
question's scenario is bound to touch (the fleet and the customers of "update 10,000 servers")."""

from __future__ import annotations

from functools import lru_cache

from .text import tokenize
from .wordclasses import FUNCTION_WORDS

# Words every prompt uses to ask, which say nothing about its scenario.
_ASKING_WORDS = frozenset(
    [
        "would",
        "could",
        "should",
        "tell",
        "describe",
        "explain",
        "walk",
        "give",
        "example",
        "time",
        "times",
        "approach",
        "handle",
        "real",
        "world",
        "scenario",
        "situation",
        "someone",
        "something",
        "anything",
        "thing",
        "things",
        "way",
        "ways",
        "make",
        "sure",
        "like",
        "yourself",
        "happen",
        "happened",
        "say",
        "said",
        "think",
        "know",
        "want",
        "wanted",
        "going",
        "get",
        "got",
        "lot",
        "also",
        "please",
    ]
)


@lru_cache(maxsize=1024)
def prompt_anchors(prompt: str | None) -> frozenset[str]:
    """Stems of the prompt's content words (numbers and words of four letters or more, less function
    words and the words prompts use to ask); empty without a prompt."""
    if not prompt:
        return frozenset()
    return frozenset(
        token.stem
        for token in tokenize(prompt)
        if token.norm not in FUNCTION_WORDS
        and token.norm not in _ASKING_WORDS
        and (token.is_number or len(token.norm) >= 4)
    )
