"""Recognise answers that are not answers: keyword lists, repeated sentences, shuffled words, and text
that never engages the question's scenario. Each finding carries a reason quoted from the answer.

These checks read only the tokens (words, clauses, sentences); they never look at the rubric's concepts,
so a keyword list is recognised whichever keywords it holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, groupby, islice
from operator import eq, itemgetter

from .columns import Columns, columns_of
from .text import Token
from .wordclasses import FUNCTION_WORDS, implausible_pair

# Token fields read in bulk (the checks run on every answer; plain attribute loops cost more than the rest).
_STEM = itemgetter(1)
_SENTENCE = itemgetter(6)

MIN_WORDS = 8
"""Shorter answers are too short to judge their form (they score low anyway)."""
KEYWORD_FUNCTION_SHARE = 0.16
"""Below this share of function words, an answer is a keyword list (prose has 40-55%)."""
LIST_FUNCTION_SHARE = 0.27
"""A share of function words that low, with most words in short comma-separated items, is a list."""
LIST_ITEM_SHARE = 0.6
"""Share of an answer's words in clauses of at most three words that marks it as a list."""
REPEATED_UNIQUE_SHARE = 0.5
"""At most this share of distinct sentences (of three or more) marks an answer as repeated."""
INCOHERENT_SHARE = 0.15
"""Share of implausible function-word transitions from which the word order is not English (real
answers: 99.5% below 0.125 in the shipped calibration answers; shuffled ones: 95% above 0.14)."""
MIN_TRANSITIONS = 10
"""Fewest function-word transitions needed to judge word order."""
MIN_IMPLAUSIBLE = 5
"""Fewest implausible transitions needed (a list of "should haves and could haves" makes a few)."""


@dataclass(frozen=True)
class NonAnswer:
    """One reason an answer is not an answer."""

    kind: str
    """`keyword_list`, `repeated`, `incoherent` or `off_topic`."""
    reason: str
    """The finding in words."""


_implausible_pair = lru_cache(maxsize=65536)(implausible_pair)
"""`implausible_pair`, remembered: word pairs recur within and across answers."""


def keyword_list(tokens: list[Token], columns: Columns | None = None) -> NonAnswer | None:
    """A list of terms rather than sentences: few function words, most words in short items (`columns`:
    the tokens' columns, when the caller has them)."""
    columns = columns or columns_of(tokens)
    words = len(tokens) - len(columns.numbers)
    if words < MIN_WORDS:
        return None
    function_share = columns.count(FUNCTION_WORDS) / words
    clause_sizes = Counter(columns.clauses)
    in_short_items = sum(size for size in clause_sizes.values() if size <= 3) / len(tokens)
    if function_share < KEYWORD_FUNCTION_SHARE or (
        function_share < LIST_FUNCTION_SHARE and in_short_items >= LIST_ITEM_SHARE
    ):
        return NonAnswer(
            "keyword_list",
            f"a list of terms, not sentences: {function_share:.0%} function words (prose has about 45%), "
            f"{in_short_items:.0%} of the words in items of three words or fewer",
        )
    in_lists = _words_in_list_sentences(columns, clause_sizes)
    if in_lists / len(tokens) >= LIST_SENTENCE_SHARE:
        return NonAnswer(
            "keyword_list",
            f"a list of terms inside sentences: {in_lists / len(tokens):.0%} of the words are in sentences "
            f"made of {LIST_SENTENCE_CLAUSES} or more short comma-separated items",
        )
    return None


LIST_SENTENCE_CLAUSES = 5
"""A sentence of at least this many clauses, nearly all of them short, is a list written as a sentence."""
LIST_SENTENCE_SHARE = 0.6
"""Share of an answer's words in such list sentences that marks the whole answer as a keyword list."""


def _words_in_list_sentences(columns: Columns, clause_sizes: Counter[int]) -> int:
    """Words in sentences that are lists: five or more clauses, at least 80% of them four words or fewer."""
    clauses_of: dict[int, set[int]] = {}
    for sentence, clause in set(zip(columns.sentences, columns.clauses, strict=True)):
        clauses_of.setdefault(sentence, set()).add(clause)
    words_of = Counter(columns.sentences)
    total = 0
    for sentence, clauses in clauses_of.items():
        short = sum(1 for clause in clauses if clause_sizes[clause] <= 4)
        if len(clauses) >= LIST_SENTENCE_CLAUSES and short >= 0.8 * len(clauses):
            total += words_of[sentence]
    return total


STUFFING_WORDS_PER_CONCEPT = 6.0
"""Fewer words than this per concept hit (with at least `STUFFING_MIN_CONCEPTS`) is stuffing: the shipped
calibration answers never go below 7.4, nor do the blind strong, medium and weak answers below 10."""
STUFFING_MIN_CONCEPTS = 4


def stuffing(word_total: int, concepts_hit: int) -> NonAnswer | None:
    """Rubric terms packed too densely to be an explanation ("leveraging canaries and robust observability,
    we ensure seamless rollbacks and synergize automation across staging...")."""
    if concepts_hit < STUFFING_MIN_CONCEPTS or word_total / concepts_hit >= STUFFING_WORDS_PER_CONCEPT:
        return None
    return NonAnswer(
        "stuffing",
        f"{concepts_hit} concepts in {word_total} words: terms packed too densely to explain any of them",
    )


PACKED_WORDS_PER_CONCEPT = 18.0
"""Fewer words than this per concept used (with at least `STUFFING_MIN_CONCEPTS` used), in noun-heavy
prose (`PACKED_FUNCTION_SHARE`), is fluent jargon: a concept in every clause and the reason for none."""
PACKED_FUNCTION_SHARE = 0.36
"""Below this share of function words, dense prose reads as jargon (noun stacks: "Compliance dashboards and
telemetry will provide real-time visibility into patch coverage"). Measured on 96 jargon answers written to
fool the scorer (60-130 words): 55 of the 56 that reached Hire were under 18 words per concept used, and
their function words ran 21-47% (median 34%). The mentors' own Hire and Strong hire calibration examples
that are as dense (75 of them) say the same things in plain sentences: 38-57% function words, none below.
Blind strong and plain answers never go below 45 words per concept used."""


def packed(tokens: list[Token], columns: Columns, concepts_used: int) -> NonAnswer | None:
    """Many concepts used in few words of noun-heavy prose: each named in a clause, none explained."""
    words = len(tokens) - len(columns.numbers)
    if concepts_used < STUFFING_MIN_CONCEPTS or words / concepts_used >= PACKED_WORDS_PER_CONCEPT:
        return None
    function_share = columns.count(FUNCTION_WORDS) / words
    if function_share >= PACKED_FUNCTION_SHARE:
        return None
    return NonAnswer(
        "packed",
        f"{concepts_used} concepts in {words} words of jargon ({function_share:.0%} function words; plain "
        f"speech has about 45%): each is named, none explained (a good answer spends "
        f"{PACKED_WORDS_PER_CONCEPT:g} or more words on each)",
    )


def repeated(tokens: list[Token]) -> NonAnswer | None:
    """The same sentence said again and again."""
    # Tokens come in sentence order, so each sentence is one run.
    said = [words for _, run in groupby(tokens, key=_SENTENCE) if len(words := tuple(map(_STEM, run))) >= 3]
    if len(said) < 3:
        return None
    distinct = len(set(said))
    if distinct / len(said) <= REPEATED_UNIQUE_SHARE:
        return NonAnswer("repeated", f"{len(said)} sentences but only {distinct} different")
    return None


def incoherent(tokens: list[Token], text: str = "", columns: Columns | None = None) -> NonAnswer | None:
    """Words in an order English does not use (shuffled text): judged from function-word transitions
    such as "the of" or "a would", which prose almost never makes, and (with the `text`) from words that
    start sentences ("The", "We", "If") written with a capital in the middle of one."""
    # Transitions within a clause, read in bulk: the verdict of each pair of words is remembered.
    columns = columns or columns_of(tokens)
    norms, clauses = columns.norms, columns.clauses
    verdicts = list(
        compress(map(_implausible_pair, norms, islice(norms, 1, None)), map(eq, clauses, islice(clauses, 1, None)))
    )
    implausible = verdicts.count(True)
    judged = implausible + verdicts.count(False)
    share = implausible / judged if judged else 0.0
    if judged >= MIN_TRANSITIONS and share >= INCOHERENT_SHARE and implausible >= MIN_IMPLAUSIBLE:
        return NonAnswer(
            "incoherent",
            f"the word order is not English: {implausible} of {judged} transitions after words like "
            f"'the' or 'of' are ones prose never makes",
        )
    stray = _stray_capitals(tokens, text) if text else 0
    if stray >= MIN_STRAY_CAPITALS:
        return NonAnswer(
            "incoherent",
            f'the word order is not English: {stray} words that start sentences ("The", "We", "If") '
            "stand capitalised in the middle of one",
        )
    return None


MIN_STRAY_CAPITALS = 3
"""Sentence-starting words in title case mid-sentence from which an answer is shuffled text: every blind
shuffled answer measured (49) had 4 or more, no written answer (540), calibration example or model answer
(606) more than 1."""
_SENTENCE_STARTERS = frozenset(
    [
        "the",
        "we",
        "our",
        "this",
        "that",
        "it",
        "for",
        "if",
        "when",
        "then",
        "so",
        "but",
        "and",
        "in",
        "on",
        "a",
        "an",
        "my",
        "they",
        "there",
        "these",
        "those",
        "what",
        "how",
        "why",
        "once",
        "after",
        "before",
        "first",
        "second",
        "finally",
        "also",
        "with",
        "at",
        "to",
        "as",
        "by",
        "each",
        "every",
        "no",
        "not",
        "however",
        "because",
        "since",
        "while",
        "where",
        "which",
        "who",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "their",
        "its",
        "all",
        "some",
        "most",
        "many",
        "any",
    ]
)


_STRAY_CAPITAL_RE = re.compile(
    r"[ \t]+(?:"
    + "|".join(sorted((word.capitalize() for word in _SENTENCE_STARTERS if len(word) > 1), key=len, reverse=True))
    + r")(?![^\W\d_]*[A-Z])\b"
)
_WORD_OR_COMMA = re.compile(r"[^\W_]|,")


def _stray_capitals(tokens: list[Token], text: str) -> int:
    """Words that usually start a sentence ("The", "We") written in title case right after a word or a
    comma, where no sentence, line, quotation or list item starts; "I" is never counted. One regular
    expression over the text (this runs on every answer); it starts with the spaces, so the engine skips
    to them, and the character before them is checked only where it matches."""
    return sum(
        1
        for found in _STRAY_CAPITAL_RE.finditer(text)
        if found.start() and _WORD_OR_COMMA.match(text, found.start() - 1) is not None
    )


def non_answers(tokens: list[Token], text: str = "", columns: Columns | None = None) -> list[NonAnswer]:
    """Every form-based finding (keyword list, repeated, incoherent) for an answer's tokens (and text, and
    the tokens' columns when the caller has them)."""
    columns = columns or columns_of(tokens)
    findings = [keyword_list(tokens, columns), repeated(tokens), incoherent(tokens, text, columns)]
    return [finding for finding in findings if finding is not None]
