"""Elaboration: whether the answer *explains* a concept it uses (how it is done, why, with what effect,
a threshold, a number, an example or a trade-off) or only asserts it in a sentence.

An interviewer rewards the first: "a canary on 1% of hosts, widened only if the error rate stays under
0.1%, because a bad build then hurts few users" shows understanding, "we would do a canary release"
shows the word. The judgement reads the concept's sentence (and the sentence that follows it when that
one continues the thought with "this", "it", "that") for explaining words, ignoring the concept's own
words. Sequence words ("first", "then", "each") say in what order, not how or why: they do not count.

The answer-level hold (`hold_reason`) keeps an answer out of the top band when it covers the concepts
but explains few of them: a shallow answer that names every step in a full sentence is a Hire, not a
Strong hire.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from .columns import Columns, columns_of
from .match import AnswerIndex, Match
from .text import Token

REASONS = frozenset(
    [
        "because",
        "so",
        "since",
        "therefore",
        "thus",
        "means",
        "meaning",
        "ensure",
        "ensures",
        "ensuring",
        "prevent",
        "prevents",
        "preventing",
        "avoid",
        "avoids",
        "avoiding",
        "otherwise",
        "reduce",
        "reduces",
        "reducing",
        "limit",
        "limits",
        "limiting",
        "protect",
        "protects",
        "lets",
        "allows",
        "enables",
        "why",
        "goal",
        "purpose",
    ]
)
"""Words that say why something is done, or with what effect."""
CONDITIONS = frozenset(["if", "unless", "until", "when", "whenever", "once", "whether", "otherwise"])
"""Words that say under what condition: "if the error rate rises, roll back"."""
MEANS = frozenset(["by", "using", "via", "through", "with"])
"""Words that say how: by what means or with what tool."""
MEASURES = frozenset(
    [
        "threshold",
        "thresholds",
        "within",
        "under",
        "over",
        "above",
        "below",
        "least",
        "most",
        "per",
        "percent",
        "percentage",
        "minutes",
        "hours",
        "days",
        "weeks",
        "budget",
    ]
)
"""Words that give a measure or a limit."""
TRADE_OFFS = frozenset(
    [
        "but",
        "however",
        "although",
        "though",
        "whereas",
        "instead",
        "rather",
        "cost",
        "costs",
        "tradeoff",
        "trade",
        "downside",
        "risk",
        "versus",
        "vs",
    ]
)
"""Words that weigh one thing against another."""
EXAMPLES = frozenset(["example", "instance", "e.g", "eg", "such", "say", "like", "including"])
"""Words that introduce a concrete example."""
CONTINUATIONS = frozenset(["this", "that", "it", "these", "those", "which", "then", "they"])
"""Words that open a sentence continuing the previous one's thought (its explanation counts)."""
SENTENCE_REACH = 60
"""Most words read on either side of a match for its sentence (linear time on run-on sentences)."""


def _kind(norm: str, is_number: bool) -> str:
    """The kind of explanation a word gives, or an empty string."""
    if is_number:
        return "a number"
    if norm in REASONS:
        return "a reason or effect"
    if norm in CONDITIONS:
        return "a condition"
    if norm in MEANS:
        return "a means"
    if norm in MEASURES:
        return "a measure or limit"
    if norm in TRADE_OFFS:
        return "a trade-off"
    if norm in EXAMPLES:
        return "an example"
    return ""


_KIND_OF: dict[str, str] = {}
for _kind_name, _words in reversed(
    [
        ("a reason or effect", REASONS),
        ("a condition", CONDITIONS),
        ("a means", MEANS),
        ("a measure or limit", MEASURES),
        ("a trade-off", TRADE_OFFS),
        ("an example", EXAMPLES),
    ]
):
    _KIND_OF.update(dict.fromkeys(_words, _kind_name))  # earlier kinds overwrite later ones, as in `_kind`
_EXPLAINING = frozenset(_KIND_OF)


def explained_by(index: AnswerIndex, match: Match) -> str:
    """How the answer explains `match`, in words (e.g. "a number (`5%`)"); empty when its sentence (and
    a sentence continuing it) only asserts it."""
    tokens = index.tokens
    sentences = index.sentences
    explaining = index.marked(_EXPLAINING)  # numbers and explaining words, in order
    matched = match.positions
    first, last = matched[0], matched[-1]
    sentence = sentences[first]
    # The sentence's tokens within reach of the match (sentence numbers never decrease along the answer).
    low = max(0, first - SENTENCE_REACH, bisect_left(sentences, sentence))
    high = min(len(tokens), last + SENTENCE_REACH + 1)
    top = min(high, bisect_right(sentences, sentence))
    for place in range(bisect_left(explaining, low), len(explaining)):
        position = explaining[place]
        if position >= top:
            break
        if position not in matched:
            token = tokens[position]
            return f"{_kind(token.norm, token.is_number)} (`{token.norm}`)"
    # The next sentence counts when it starts within reach and opens by continuing the thought.
    following = bisect_left(sentences, sentence + 1)
    if following < high and sentences[following] == sentence + 1 and tokens[following].norm in CONTINUATIONS:
        top = min(len(tokens), following + SENTENCE_REACH, bisect_right(sentences, sentence + 1))
        place = bisect_left(explaining, following)
        if place < len(explaining) and explaining[place] < top:
            token = tokens[explaining[place]]
            return f"{_kind(token.norm, token.is_number)} in the next sentence (`{token.norm}`)"
    return ""


ANSWER_SIGNALS = (
    REASONS
    | CONDITIONS
    | frozenset(
        [
            "by",
            "using",
            "via",
            "threshold",
            "thresholds",
            "example",
            "instance",
            "tradeoff",
            "trade",
            "downside",
            "whereas",
            "however",
            "instead",
            "rather",
            "cost",
            "costs",
        ]
    )
)
"""Words that explain, counted over the whole answer: reasons, effects, conditions, means, thresholds,
examples and trade-offs (not "with", "like" or "most", which ordinary assertions use too)."""
HOLD_MIN_CONCEPTS = 4
"""Fewest concepts an answer must cover before the hold applies (a short list rubric is left alone)."""
HOLD_SHARE = 0.5
"""Share of the covered concepts an answer must explain to reach the top band."""
SIGNALS_PER_CONCEPT = 1.5
"""Explaining words per covered concept an answer with no number at all must reach for the top band:
an answer that gives neither figures nor reasons around most of what it names is asserting, not
explaining."""


WORDS_PER_CONCEPT = 35
"""Words per covered concept from which an answer is taken to explain what it covers even without
figures or many reason words (it says a paragraph's worth about each); shorter answers need figures or
reasons to show depth."""


def specificity(tokens: Sequence[Token], columns: Columns | None = None) -> tuple[int, int, int]:
    """(words, numbers, explaining words) in the whole answer (`columns`: the tokens' columns, when the
    caller has them; the explaining words are counted over the distinct word forms)."""
    columns = columns or columns_of(list(tokens))
    return len(tokens), len(columns.numbers), columns.count(ANSWER_SIGNALS)


def hold_reason(
    explained: int, covered: int, specifics: tuple[int, int, int], share: float = HOLD_SHARE, min_words: int = 0
) -> str:
    """Why an answer that covers `covered` concepts, explains `explained` of them where it names them,
    and has `specifics` (words, numbers, explaining words) in all, is held below the top band; empty
    when it is not. `min_words` is the shortest answer the top band accepts."""
    words, numbers, signals = specifics
    if covered < HOLD_MIN_CONCEPTS:
        return ""
    if words < min_words:
        return (
            f"covers {covered} concepts in {words} words: too short to develop them for the top band "
            f"({min_words} or more): say how, why, with what effect, and give figures"
        )
    if explained < share * covered:
        return (
            f"covers the concepts but explains few of them ({explained} of {covered}): say how, why, with what effect"
        )
    if numbers == 0 and signals < SIGNALS_PER_CONCEPT * covered and words < WORDS_PER_CONCEPT * covered:
        return (
            f"covers {covered} concepts but asserts more than it explains (no number, {signals} words of "
            "reason, condition, means or trade-off in all): say how, why, with what effect, and give figures"
        )
    return ""
