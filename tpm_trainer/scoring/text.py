"""Normalise and tokenise text: words with their character spans, light stems and clause numbers.

Answers and rubric phrases go through the same functions, so that they compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import NamedTuple

import Stemmer

# A token is a number (10,000 / 10k / 1.5m / 20%), a word (with an inner apostrophe: don't), or a
# clause boundary (sentence punctuation, comma, line break). Curly quotes are straightened first.
# Words come first (most tokens are words); the kinds start with different characters, so the order of the
# alternatives changes nothing else.
_TOKEN_RE = re.compile(
    r"(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<ratio>\d+:\d+\b)"
    r"|(?P<number>\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn)\b)?%?)"
    # A blank line, or a line break before a list bullet, ends a sentence; a lone line break (a
    # hard-wrapped paragraph) only ends a clause.
    r"|(?P<paragraph>\n[ \t]*\n\s*|\n[ \t]*(?=[-*\u2022]\s|\d+[.)]\s))"
    r"|(?P<boundary>[.!?;:,\n\u2014\u2013]|\s-\s|\s--\s)",
)
# The same pattern for text that is all ASCII, where its Unicode classes are plain ranges (cheaper to test):
# letters are A-Z and a-z, white space is tab to carriage return, the separators \x1c-\x1f and space.
_ASCII_TOKEN_RE = re.compile(_TOKEN_RE.pattern.replace(r"[^\W\d_]", "[A-Za-z]").replace(r"\s", r"[\t-\r\x1c-\x20]"))
_SENTENCE_MARKS = frozenset(".!?;:")
# Spoken numbers are numbers: "three weeks" matches `# weeks`, "forty thousand" is 40000. "one" stays a
# word: it is far more often a pronoun ("the white one") than a quantity.
_UNITS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "_",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
    if word != "_"
}
_TENS = {
    word: 10 * value
    for value, word in enumerate(
        ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
    if value >= 2
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "whereas", "yet", "then"})
"""Words that start a new clause for negation scope, as well as punctuation."""
# Words that need more than a lookup: clause starters, number words, percent.
_SPECIAL_WORDS = CLAUSE_WORDS | set(_UNITS) | set(_TENS) | set(_SCALES) | {"percent", "pct", "cent", "per"}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}


class Token(NamedTuple):
    """One word or number of a text (a named tuple: answers have thousands of them)."""

    norm: str
    """Normalised form: case-folded, accents removed, numbers canonical (`10k` -> `10000`)."""
    stem: str
    """Light stem of `norm` (`rolling` -> `roll`); numbers keep their `norm`."""
    start: int
    """Character offset of the token in the original text."""
    end: int
    """Character offset just past the token."""
    clause: int
    """Index of the clause the token belongs to (clauses split at punctuation and `but`)."""
    is_number: bool = False
    """Whether the token is a number (digits or spoken)."""
    sentence: int = 0
    """Index of the sentence the token belongs to; a phrase match never crosses it."""


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Unicode-normalise, remove accents and case-fold a piece of text (cached: words repeat)."""
    if text.isascii():
        return text.translate(_APOSTROPHES).lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _canonical_number(raw: str) -> str:
    """`10,000` -> `10000`, `10k` -> `10000`, `1.5m` -> `1500000`, `20%` -> `20%`."""
    text = raw.lower().replace(" ", "")
    percent = text.endswith("%")
    text = text.rstrip("%")
    multiplier = 1
    for suffix, factor in _MULTIPLIERS.items():
        if text.endswith(suffix):
            text, multiplier = text[: -len(suffix)], factor
            break
    # A comma followed by exactly three digits is a thousands separator; otherwise a decimal comma.
    text = text.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text) else text.replace(",", ".")
    try:
        value = float(text) * multiplier
    except ValueError:
        return raw.lower()
    canonical = str(int(value)) if value == int(value) else f"{value:g}"
    return canonical + ("%" if percent else "")


_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"))


_SNOWBALL = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of `word` (PyStemmer), after British -ise/-isation and -our spellings
    are made American, so that "organise" and "organize" meet. Both answers and rubric phrases are
    stemmed with it; short words (three letters or fewer) and words with digits stay as they are."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for british, american in _BRITISH:
        if word.endswith(british) and len(word) > len(british) + 2:
            word = word[: -len(british)] + american
            break
    if word.endswith("our") and len(word) > 5:
        word = word[:-3] + "or"
    stemmed: str = _SNOWBALL.stemWord(word)
    return stemmed


_WORD_FORMS: dict[str, tuple[str, str | None]] = {}
"""Word as written -> (folded form, stem), or (folded form, None) for a special word; one lookup per word."""
_WORD_FORMS_SIZE = 65536


def _word_form(raw: str) -> tuple[str, str | None]:
    """Folded form and stem of a word as written (the stem is None for special words), remembered."""
    norm = fold(raw)
    known = (norm, None if norm in _SPECIAL_WORDS else stem(norm))
    if len(_WORD_FORMS) >= _WORD_FORMS_SIZE:
        _WORD_FORMS.clear()  # bounded memory; refilled from the words that recur
    _WORD_FORMS[raw] = known
    return known


def tokenize(text: str) -> list[Token]:
    """Split `text` into word and number tokens with spans, stems and clause indices."""
    tokens: list[Token] = []
    append = tokens.append
    clause = 0
    sentence = 0
    straight = text.translate(_APOSTROPHES)
    spoken = False  # whether the last token is a number written in words
    word_forms = _WORD_FORMS
    new_token = tuple.__new__  # builds the named tuple in C (its generated __new__ is Python code)
    pattern = _ASCII_TOKEN_RE if straight.isascii() else _TOKEN_RE
    for match in pattern.finditer(straight):
        kind = match.lastgroup
        if kind == "word":
            start, end = match.span()
            raw = match.group()
            known = word_forms.get(raw)
            if known is None:
                known = _word_form(raw)
            norm, word_stem = known
            if word_stem is not None:  # the common case, kept short: not a special word
                append(new_token(Token, (norm, word_stem, start, end, clause, False, sentence)))
                spoken = False
                continue
            if norm in CLAUSE_WORDS:
                clause += 1
            previous = tokens[-1] if tokens and tokens[-1].clause == clause else None
            number = _spoken_number(norm, previous, spoken)
            if number is not None:
                value, merge = number
                if merge and previous is not None:
                    start = previous.start
                    tokens.pop()
                append(Token(value, value, start, end, clause, True, sentence))
                spoken = True
                continue
            spoken = False
            # "20 percent" / "20 per cent" fold into the number token "20%".
            if tokens and tokens[-1].is_number and not tokens[-1].norm.endswith("%"):
                if norm in ("percent", "pct") or (norm == "cent" and _previous_word(straight, start) == "per"):
                    previous = tokens.pop()
                    percent = previous.norm + "%"
                    append(Token(percent, percent, previous.start, end, clause, True, sentence))
                    continue
                if norm == "per" and straight[end : end + 5].lower() == " cent":
                    continue
            append(Token(norm, stem(norm), start, end, clause, False, sentence))
            continue
        spoken = False
        if kind == "boundary":
            clause += 1
            if match.group() in _SENTENCE_MARKS:
                sentence += 1
        elif kind == "paragraph":
            clause += 1
            sentence += 1
        elif kind == "ratio":
            raw = match.group()
            append(Token(raw, raw, match.start(), match.end(), clause, False, sentence))
        else:  # number
            norm = _canonical_number(match.group())
            append(Token(norm, norm, match.start(), match.end(), clause, True, sentence))
    return tokens


def _spoken_number(norm: str, previous: Token | None, previous_spoken: bool) -> tuple[str, bool] | None:
    """The value of a number word, and whether it merges with the number before it
    ("twenty five" -> 25, "forty thousand" / "40 thousand" -> 40000); None for other words."""
    before = previous.norm if previous is not None and previous.is_number and not previous.norm.endswith("%") else None
    number_before = before is not None
    if norm in _SCALES:
        if number_before:
            try:
                value = float(before or "") * _SCALES[norm]
            except ValueError:
                return None
            return (str(int(value)) if value == int(value) else f"{value:g}"), True
        return None  # "thousands of users" stays a word
    if norm in _UNITS:
        value = _UNITS[norm]
        if (
            before is not None
            and previous_spoken
            and before.isdigit()
            and int(before) % 10 == 0
            and 20 <= int(before) <= 90
            and value < 10
        ):
            return str(int(before) + value), True
        return str(value), False
    if norm in _TENS:
        return str(_TENS[norm]), False
    return None


def _previous_word(text: str, position: int) -> str:
    before = text[:position].rstrip().rsplit(None, 1)
    return before[-1].lower() if before else ""


_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n")
_SENTENCE_MARK_CHARS = frozenset(".!?\n")
_ENDS_OF: tuple[str, list[int]] = ("", [])
"""The last text asked about and the offsets just past each of its sentence ends (evidence for one answer
asks about the same text many times)."""


def _sentence_ends(text: str) -> list[int]:
    global _ENDS_OF
    known = _ENDS_OF
    if known[0] is not text:
        known = _ENDS_OF = (text, [match.end() for match in _SENTENCE_END_RE.finditer(text)])
    return known[1]


def sentence_around(text: str, start: int, end: int, limit: int = 240) -> str:
    """The sentence of `text` containing [start, end), trimmed to about `limit` characters."""
    # A full stop ends a sentence only when a space or the end follows it (not "99.9%" or "e.g.x"). The
    # search looks a bounded distance either side (linear time over many hits), and a mark just before
    # `start` or at the edge of the forward window counts as an end (the window's edge is its end).
    ends = _sentence_ends(text)
    window = max(0, start - 4 * limit)
    if start > window and text[start - 1] in _SENTENCE_MARK_CHARS:
        left = start
    else:
        before = bisect_left(ends, start) - 1
        left = ends[before] if before >= 0 and ends[before] > window else window
    edge = min(len(text), end + 4 * limit)
    after = bisect_right(ends, end)
    right = ends[after] if after < len(ends) and ends[after] < edge else edge
    if end - start >= limit:
        return text[start:end].strip()
    if right - left > limit:
        spare = (limit - (end - start)) // 2
        left = max(left, start - spare)
        right = min(right, end + spare)
    return " ".join(text[left:right].split())


_WORD_COUNT_RE = re.compile(r"\w+(?:'\w+)*")
_ASCII_WORD_COUNT_RE = re.compile(r"[0-9A-Z_a-z]+(?:'[0-9A-Z_a-z]+)*")
"""`_WORD_COUNT_RE` for ASCII text, where a word character is one of these ranges (cheaper to test)."""


def word_count(text: str) -> int:
    """Number of words in `text` (runs of letters, digits and inner apostrophes)."""
    return len((_ASCII_WORD_COUNT_RE if text.isascii() else _WORD_COUNT_RE).findall(text))


_CONTRACTED_RE = re.compile(r"([^\W\d_]+)'(?:s|ll|ve|re|d|m)")


_PERSONAL_PRONOUNS = frozenset(["i", "we", "you", "they", "he", "she", "it"])
"""Words whose contraction says the tense or mood a check reads ("I'd ask" is a plan, "I asked" an act)."""


def contracted_base(norm: str) -> str | None:
    """The word before a possessive or a contraction of will, would, had, have, are or am ("team's" ->
    "team", "who'll" -> "who"); None for other words, negations ("don't") and personal pronouns ("I'd",
    "we'll") included."""
    if "'" not in norm:
        return None
    found = _CONTRACTED_RE.fullmatch(norm)
    if found is None or found.group(1) in _PERSONAL_PRONOUNS:
        return None
    return found.group(1)
