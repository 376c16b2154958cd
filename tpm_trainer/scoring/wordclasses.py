"""Small closed classes of English words the scorer reasons with: function words, pronouns,
auxiliaries and the markers of a reason or an effect. Closed classes are short and stable, so they are
written out here rather than taken from a tagger."""

from __future__ import annotations

DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "my",
        "our",
        "your",
        "their",
        "his",
        "her",
        "its",
        "each",
        "every",
        "some",
        "any",
        "no",
    ]
)
PREPOSITIONS = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "from",
        "by",
        "about",
        "into",
        "over",
        "under",
        "between",
        "through",
        "during",
        "before",
        "after",
        "without",
        "within",
        "across",
        "against",
        "among",
        "per",
        "via",
        "than",
        "onto",
        "upon",
        "towards",
        "toward",
    ]
)
CONJUNCTIONS = frozenset(
    ["and", "or", "but", "nor", "so", "yet", "because", "although", "though", "while", "whereas", "if", "unless"]
)
SUBJECT_PRONOUNS = frozenset(
    [
        "i",
        "we",
        "you",
        "they",
        "he",
        "she",
        "it",
        "i'd",
        "we'd",
        "you'd",
        "they'd",
        "he'd",
        "she'd",
        "i'll",
        "we'll",
        "you'll",
        "they'll",
        "it'll",
        "i'm",
        "we're",
        "you're",
        "they're",
        "it's",
        "i've",
        "we've",
        "you've",
        "they've",
    ]
)
OBJECT_PRONOUNS = frozenset(["me", "us", "them", "him", "her", "it"])
AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "would",
        "will",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "shall",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
        "didn't",
        "hasn't",
        "haven't",
        "hadn't",
        "won't",
        "wouldn't",
        "can't",
        "couldn't",
        "shouldn't",
        "let",
        "let's",
    ]
)
FUNCTION_WORDS = (
    DETERMINERS
    | PREPOSITIONS
    | CONJUNCTIONS
    | SUBJECT_PRONOUNS
    | OBJECT_PRONOUNS
    | AUXILIARIES
    | frozenset(
        [
            "not",
            "then",
            "there",
            "here",
            "what",
            "which",
            "who",
            "whom",
            "whose",
            "when",
            "where",
            "why",
            "how",
            "all",
            "both",
            "more",
            "most",
            "other",
            "such",
            "only",
            "own",
            "same",
            "too",
            "very",
            "just",
            "also",
            "as",
            "up",
            "out",
            "off",
            "down",
            "again",
            "once",
        ]
    )
)
"""Words that carry grammar rather than content: prose is about 40-55% of them, a keyword list almost none."""
REASON_MARKERS = frozenset(
    [
        "because",
        "so",
        "since",
        "therefore",
        "thus",
        "which",
        "means",
        "meaning",
        "ensure",
        "ensures",
        "ensuring",
        "prevent",
        "prevents",
        "avoid",
        "avoids",
        "until",
        "before",
        "after",
        "if",
        "when",
        "unless",
        "once",
        "whenever",
        "otherwise",
        "order",
        "catch",
        "catches",
        "limit",
        "limits",
        "reduce",
        "reduces",
        "protect",
        "protects",
        "keeps",
        "lets",
        "allows",
        "instead",
        "whether",
        "while",
    ]
)
"""Words that introduce how, why, when or with what effect something is done."""
VERB_CUES = SUBJECT_PRONOUNS | AUXILIARIES | frozenset({"to"})
"""Words that come with a verb: a subject, an auxiliary or modal, an infinitive `to`."""
COMMON_VERBS = frozenset(
    [
        "use",
        "run",
        "start",
        "roll",
        "watch",
        "check",
        "drain",
        "keep",
        "add",
        "set",
        "make",
        "get",
        "ship",
        "send",
        "tell",
        "ask",
        "agree",
        "move",
        "test",
        "deploy",
        "push",
        "put",
        "pull",
        "split",
        "stop",
        "pause",
        "gate",
        "build",
        "write",
        "track",
        "measure",
        "monitor",
        "define",
        "review",
        "plan",
        "schedule",
        "escalate",
        "align",
        "share",
        "publish",
        "cut",
        "drop",
        "take",
        "give",
        "hold",
        "meet",
        "call",
        "raise",
        "flag",
        "fix",
        "update",
        "migrate",
        "automate",
        "compare",
        "choose",
        "pick",
        "decide",
        "own",
        "lead",
        "map",
        "list",
        "rank",
        "score",
        "weigh",
        "estimate",
        "communicate",
        "notify",
        "inform",
        "document",
        "record",
        "revisit",
        "validate",
        "verify",
        "confirm",
        "prove",
        "prepare",
        "train",
        "start",
        "begin",
        "finish",
    ]
)
"""Base forms of verbs common in answers; an imperative ("drain each server first") uses a concept."""
# Transitions between function words that English prose almost never makes and shuffled words make
# all the time: a determiner before a preposition, a conjunction or an auxiliary ("the of", "a and",
# "the would"); a preposition before a conjunction or an auxiliary ("of and", "to the would" is fine).
_AFTER_DETERMINER = PREPOSITIONS | CONJUNCTIONS | AUXILIARIES | SUBJECT_PRONOUNS | DETERMINERS
_AFTER_PREPOSITION = CONJUNCTIONS | AUXILIARIES | PREPOSITIONS
_STRICT_DETERMINERS = frozenset(["the", "a", "an", "my", "our", "your", "their", "every"])
_SUBJECTS_ONLY = frozenset(
    ["i", "we", "they", "he", "she", "i'd", "we'd", "they'd", "i'll", "we'll", "they'll", "i'm", "we're", "they're"]
)
_AFTER_SUBJECT = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "their",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "by",
        "into",
        "than",
    ]
) | frozenset(["i", "we", "they", "he", "she"])


def implausible_pair(first: str, second: str) -> bool | None:
    """Whether `first second` is a transition English prose avoids; None when `first` is not a word
    this check knows about (most pairs are not evidence either way)."""
    if first in _STRICT_DETERMINERS:
        return second in _AFTER_DETERMINER
    if first in _SUBJECTS_ONLY:
        return second in _AFTER_SUBJECT
    if first in PREPOSITIONS and first not in ("to", "than", "out", "before", "after", "about", "over", "up"):
        return second in _AFTER_PREPOSITION and second not in ("about", "over", "out")
    return None
