"""Depth, not mentions: whether a concept's match is *used* in a clause that says what is done, how,
why or with what effect, or only *mentioned* (a list item, a term with no verb or reason around it).

The judgement reads the words around the match in its clause: a subject, an auxiliary or modal, an
infinitive `to`, a common verb or a verb form (-ed, -ing) says something is done; a reason or effect
marker ("because", "so", "until", "before") says why or when. A list item borrows the verb of the list's
sentence only when that sentence also gives a reason.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache
from typing import Literal

from .match import AnswerIndex, Match
from .wordclasses import COMMON_VERBS, FUNCTION_WORDS, REASON_MARKERS, VERB_CUES

Level = Literal["used", "mentioned"]
UNEXPLAINED_SHARE = 0.85
"""Share of the weight a concept earns when used without saying how, why or with what effect (no reason
marker, means or measure in its sentence): a shallow answer that names each step in passing earns less
than one that explains them."""
HOW_MARKERS = REASON_MARKERS | frozenset(
    [
        "by",
        "using",
        "via",
        "through",
        "per",
        "each",
        "every",
        "within",
        "threshold",
        "thresholds",
        "automatically",
        "instead",
        "rather",
        "whether",
        "than",
        "then",
        "first",
        "next",
        "finally",
    ]
)
MIN_CONTEXT = 2
NOTE_CONTEXT = 5
"""Words around a match, without a verb, that still say how it is done (two of them function words)."""
"""Fewest words around the match, in its clause, for it to be used rather than named."""
CLAUSE_REACH = 12
"""Most words either side of the match read as its context (linear time on run-on sentences)."""


@lru_cache(maxsize=65536)
def _is_verbal(norm: str) -> bool:
    """Whether a word says something is done (cached: a pure function of a word, and words repeat)."""
    return (
        norm in VERB_CUES
        or norm in COMMON_VERBS
        or (len(norm) > 4 and norm.endswith(("ed", "ing")))
        or norm.endswith(("'d", "'ll"))
    )


def _sentence_span(index: AnswerIndex, match: Match) -> tuple[int, int]:
    """The positions [low, high) of the match's sentence within reach of it (`3 * CLAUSE_REACH` words)."""
    sentences = index.sentences
    positions = match.positions
    first, last = positions[0], positions[-1]
    sentence = sentences[first]
    low = max(0, first - 3 * CLAUSE_REACH, bisect_left(sentences, sentence))
    high = min(len(sentences), last + 3 * CLAUSE_REACH, bisect_right(sentences, sentence))
    return low, high


def _words_besides(index: AnswerIndex, match: Match, low: int, high: int) -> list[str]:
    """The words at positions [low, high) other than the match's own."""
    words = index.norms[low:high]
    for position in sorted(match.positions, reverse=True):
        if low <= position < high:
            del words[position - low]
    return words


def _how_or_why(index: AnswerIndex, match: Match) -> str:
    """A word of the match's sentence that says how, why or with what effect: a reason or effect marker,
    a means ("by", "using"), a measure (a number, "each", "threshold"); empty when there is none."""
    low, high = _sentence_span(index, match)
    marked = index.marked(HOW_MARKERS)  # numbers and markers, in order
    for place in range(bisect_left(marked, low), len(marked)):
        position = marked[place]
        if position >= high:
            break
        if position not in match.positions:
            return index.norms[position]
    return ""


def assess(index: AnswerIndex, match: Match) -> tuple[Level, str, float]:
    """The depth one match reaches, why (in words), and the share of the weight a use earns (1, or
    `UNEXPLAINED_SHARE` when the sentence says what is done but not how or why)."""
    level, why = _assess(index, match)
    if level != "used":
        return level, why, 0.0
    detail = _how_or_why(index, match)
    if detail:
        return level, f"{why}; says how or why (`{detail}`)", 1.0
    return level, f"{why}, but not how, why or with what effect", UNEXPLAINED_SHARE


def _assess(index: AnswerIndex, match: Match) -> tuple[Level, str]:
    """The depth one match reaches, and why, in words."""
    clauses = index.clauses
    # The match's clauses within reach (clause numbers never decrease along the answer).
    positions = match.positions
    first, last = positions[0], positions[-1]
    low = max(0, first - CLAUSE_REACH, bisect_left(clauses, clauses[first]))
    high = min(len(clauses), last + CLAUSE_REACH + 1, bisect_right(clauses, clauses[last]))
    context = _words_besides(index, match, low, high)
    if len(context) >= MIN_CONTEXT:
        cue = next(filter(_is_verbal, context), None) or next(filter(REASON_MARKERS.__contains__, context), None)
        if cue is not None:
            return "used", f"used in a clause that says what is done or why (`{cue}`)"
    # A verbless note with enough prose around it says how: "canary on 1% of hosts for two hours".
    if len(context) >= NOTE_CONTEXT and sum(map(FUNCTION_WORDS.__contains__, context)) >= 2:
        return "used", "used in a note that says how (no verb, but enough detail around it)"
    # A list item: used when its sentence has a verb and either gives a reason or an effect, or is a
    # short list (three short items at most: "I'd watch error rates, latency and saturation"); a long
    # run of bare items is naming, not using.
    low, high = _sentence_span(index, match)
    sentence_words = _words_besides(index, match, low, high)
    clause_sizes = Counter(clauses[low:high])
    sentence_verbal = any(map(_is_verbal, sentence_words))
    sentence_reason = next(filter(REASON_MARKERS.__contains__, sentence_words), None)
    function_words = sum(map(FUNCTION_WORDS.__contains__, sentence_words))
    short_items = sum(1 for size in clause_sizes.values() if size <= 3)
    if sentence_verbal and function_words >= 3:
        if sentence_reason is not None:
            return "used", f"a list item in a sentence that gives a reason (`{sentence_reason}`)"
        if short_items <= 3:
            return "used", "an item of a short list governed by a verb"
    cue = _lead_in_cue(index, match)
    if cue:
        return "used", f"a lead-in (ending in a colon) whose next sentence says what is done (`{cue}`)"
    if not context:
        return "mentioned", "named on its own, with no verb or reason around it"
    if short_items > 3:
        return "mentioned", f"one item of a list of {short_items}, with no verb or reason of its own"
    return "mentioned", "a bare mention: no verb or reason in its clause"


def _lead_in_cue(index: AnswerIndex, match: Match) -> str:
    """When the match's sentence is a lead-in ending in a colon ("What I changed afterwards:", "Rollback:")
    and the sentence after it says what is done (a subject or an auxiliary), that word; empty otherwise. The list under a
    heading is where the heading's idea is used."""
    sentences = index.sentences
    last = match.positions[-1]
    end = bisect_right(sentences, sentences[last])  # first position of the next sentence
    if end >= len(sentences) or not index.text:
        return ""
    after = index.text[index.tokens[end - 1].end : index.tokens[end].start].lstrip()
    if not after.startswith(":"):
        return ""
    following = index.norms[end : min(bisect_right(sentences, sentences[end]), end + CLAUSE_REACH)]
    # A subject or an auxiliary, not just a verb-like word: "- the old build, staging" is a list of nouns.
    return next(filter(VERB_CUES.__contains__, following), "")
