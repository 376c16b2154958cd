"""Normalise and tokenise text: words with their character spans, light stems and clause numbers.

Answers and rubric phrases go through the same functions, so that they compare like with like.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# A token is a number (10,000 / 10k / 1.5m / 20%), a word (with an inner apostrophe: don't), or a
# clause boundary (sentence punctuation, comma, line break). Curly quotes are straightened first.
_TOKEN_RE = re.compile(
    r"(?P<number>\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|bn)\b)?%?)"
    r"|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    r"|(?P<boundary>[.!?;:,\n]|\s-\s|\s--\s)",
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_MULTIPLIERS = {"k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
PERCENT_WORDS = frozenset({"percent", "per cent", "pct"})
# Words that start a new clause for negation scope, as well as punctuation.
CLAUSE_WORDS = frozenset({"but", "however", "although", "though", "whereas", "yet", "then"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word or number of a text."""

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
    sentence: int = 0
    """Index of the sentence the token belongs to (split at `.`, `!`, `?`, `;`, `:` and line breaks);
    a phrase match never crosses it."""


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
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        value = float(text) * multiplier
    except ValueError:
        return raw.lower()
    canonical = str(int(value)) if value == int(value) else f"{value:g}"
    return canonical + ("%" if percent else "")


_BRITISH = (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"), ("ise", "ize"))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic stemmer: plural, -ing, -ed, -ly, -ment, -ion; British -ise and -our.

    It conflates the forms people use in speech (roll, rolled, rolling, rollout stays distinct) while
    leaving short words alone. Both answers and rubric phrases are stemmed with it.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for british, american in _BRITISH:
        if word.endswith(british) and len(word) > len(british) + 2:
            word = word[: -len(british)] + american
            break
    if word.endswith("our") and len(word) > 5:
        word = word[:-3] + "or"
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for suffix, minimum in (("ied", 3), ("ing", 3), ("ed", 3), ("ly", 4), ("ment", 4), ("ion", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= minimum:
            word = word[: -len(suffix)] + ("y" if suffix == "ied" else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    return word


def tokenize(text: str) -> list[Token]:
    """Split `text` into word and number tokens with spans, stems and clause indices."""
    tokens: list[Token] = []
    clause = 0
    sentence = 0
    straight = text.translate(_APOSTROPHES)
    for match in _TOKEN_RE.finditer(straight):
        kind = match.lastgroup
        if kind == "boundary":
            clause += 1
            if match.group() in ".!?;:\n":
                sentence += 1
            continue
        raw = match.group()
        if kind == "number":
            norm = _canonical_number(raw)
            tokens.append(Token(norm, norm, match.start(), match.end(), clause, True, sentence))
            continue
        norm = fold(raw)
        if norm in CLAUSE_WORDS:
            clause += 1
        # "20 percent" / "20 per cent" fold into the number token "20%".
        if tokens and tokens[-1].is_number and not tokens[-1].norm.endswith("%"):
            if norm in ("percent", "pct") or (norm == "cent" and _previous_word(straight, match.start()) == "per"):
                previous = tokens.pop()
                tokens.append(
                    Token(previous.norm + "%", previous.norm + "%", previous.start, match.end(), clause, True, sentence)
                )
                continue
        if norm == "per" and straight[match.end() : match.end() + 5].lower() == " cent" and tokens and tokens[-1].is_number:
            continue
        tokens.append(Token(norm, stem(norm), match.start(), match.end(), clause, False, sentence))
    return tokens


def _previous_word(text: str, position: int) -> str:
    before = text[:position].rstrip().rsplit(None, 1)
    return before[-1].lower() if before else ""


def sentence_around(text: str, start: int, end: int, limit: int = 240) -> str:
    """The sentence of `text` containing [start, end), trimmed to about `limit` characters."""
    left = max(text.rfind(mark, 0, start) for mark in ".!?\n")
    right_candidates = [pos for mark in ".!?\n" if (pos := text.find(mark, end)) != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    left = left + 1
    if end - start >= limit:
        return text[start:end].strip()
    if right - left > limit:
        spare = (limit - (end - start)) // 2
        left = max(left, start - spare)
        right = min(right, end + spare)
    return " ".join(text[left:right].split())


def word_count(text: str) -> int:
    """Number of words in `text` (runs of letters, digits and inner apostrophes)."""
    return sum(1 for _ in re.finditer(r"\w+(?:'\w+)*", text))
