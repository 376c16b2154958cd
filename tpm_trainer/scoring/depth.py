"""Depth, not mentions: whether a concept's match is *used* in a clause that says what is done, how,
why or with what effect, or only *mentioned* (a list item, a term with no verb or reason around it).

The judgement reads the words around the match in its clause: a subject, an auxiliary or modal, an
infinitive `to`, a common verb or a verb form (-ed, -ing) says something is done; a reason or effect
marker ("because", "so", "until", "before") says why or when. A list item borrows the verb of the list's
sentence only when that sentence also gives a reason.
"""

from __future__ import annotations

from typing import Literal

from .match import AnswerIndex, Match
from .wordclasses import COMMON_VERBS, FUNCTION_WORDS, REASON_MARKERS, VERB_CUES

Level = Literal["used", "mentioned"]
MIN_CONTEXT = 2
"""Fewest words around the match, in its clause, for it to be used rather than named."""
CLAUSE_REACH = 12
"""Most words either side of the match read as its context (linear time on run-on sentences)."""


def _is_verbal(norm: str) -> bool:
    return (
        norm in VERB_CUES
        or norm in COMMON_VERBS
        or (len(norm) > 4 and norm.endswith(("ed", "ing")))
        or norm.endswith(("'d", "'ll"))
    )


def assess(index: AnswerIndex, match: Match) -> tuple[Level, str]:
    """The depth one match reaches, and why, in words."""
    tokens = index.tokens
    matched = set(match.positions)
    first_clause = tokens[match.first].clause
    last_clause = tokens[match.last].clause
    context: list[str] = []
    low = max(0, match.first - CLAUSE_REACH)
    high = min(len(tokens), match.last + CLAUSE_REACH + 1)
    for position in range(low, high):
        token = tokens[position]
        if first_clause <= token.clause <= last_clause and position not in matched:
            context.append(token.norm)
    verbal = [word for word in context if _is_verbal(word)]
    reasons = [word for word in context if word in REASON_MARKERS]
    if len(context) >= MIN_CONTEXT and (verbal or reasons):
        cue = (verbal or reasons)[0]
        return "used", f"used in a clause that says what is done or why (`{cue}`)"
    # A list item: used when its sentence has a verb and either gives a reason or an effect, or is a
    # short list (three short items at most: "I'd watch error rates, latency and saturation"); a long
    # run of bare items is naming, not using.
    sentence = tokens[match.first].sentence
    sentence_words: list[str] = []
    clause_sizes: dict[int, int] = {}
    for position in range(max(0, match.first - 3 * CLAUSE_REACH), min(len(tokens), match.last + 3 * CLAUSE_REACH)):
        token = tokens[position]
        if token.sentence == sentence:
            clause_sizes[token.clause] = clause_sizes.get(token.clause, 0) + 1
            if position not in matched:
                sentence_words.append(token.norm)
    sentence_verbal = any(_is_verbal(word) for word in sentence_words)
    sentence_reason = next((word for word in sentence_words if word in REASON_MARKERS), None)
    function_words = sum(word in FUNCTION_WORDS for word in sentence_words)
    short_items = sum(1 for size in clause_sizes.values() if size <= 3)
    if sentence_verbal and function_words >= 3:
        if sentence_reason is not None:
            return "used", f"a list item in a sentence that gives a reason (`{sentence_reason}`)"
        if short_items <= 3:
            return "used", "an item of a short list governed by a verb"
    if not context:
        return "mentioned", "named on its own, with no verb or reason around it"
    if short_items > 3:
        return "mentioned", f"one item of a list of {short_items}, with no verb or reason of its own"
    return "mentioned", "a bare mention: no verb or reason in its clause"
