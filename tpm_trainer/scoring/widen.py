"""Widen rubric phrases with the lexicon's word equivalents ("impact" also accepts "damage").

A lexicon's `equivalents` are groups of words or short expressions that mean the same in an interview
answer. When the bank is loaded, every concept and red-flag phrase is rewritten so that a word of a
group, written bare or as a whole alternative of a `( | )` choice, also accepts the group's other
members: `risk (impact|severity)` becomes `risk (impact|severity|damage|harm)`. Members are compared by
their stems, so `impacts` in a phrase finds the group of `impact`. Words with wildcards, exact forms
(`=word`), numbers and parts of a longer alternative are left as written (the syntax has no nested
choices).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .text import tokenize

MAX_MEMBER_WORDS = 3
"""Longest member of an equivalence group, in words."""
_PART_RE = re.compile(r"\(([^()]*)\)|(\.\.\.|…)|([^\s()]+)|(\s+)")
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
StemKey = tuple[str, ...]


@lru_cache(maxsize=65536)
def stem_key(text: str) -> StemKey | None:
    """The stems of a plain run of words (`None` when it holds a number or no word at all); remembered,
    since loading the bank asks for the same words thousands of times."""
    tokens = tokenize(text)
    if not tokens or any(token.is_number for token in tokens):
        return None
    return tuple(token.stem for token in tokens)


@dataclass
class EquivalentTable:
    """Equivalence groups, looked up by the stems of a word or expression."""

    groups: list[tuple[str, ...]] = field(default_factory=list)
    """Each group's members as written (lower case)."""
    by_key: dict[StemKey, int] = field(default_factory=dict)
    """Stems of a member -> index of its group."""
    widened: dict[str, str] = field(default_factory=dict, repr=False)
    """Phrases already widened with this table (family phrases recur in many rubrics); the table is not
    changed once built."""

    def others(self, alternative: str) -> list[str]:
        """The members equivalent to `alternative` (a plain word or expression), itself excluded."""
        key = stem_key(alternative) if is_plain(alternative) else None
        if key is None or key not in self.by_key:
            return []
        return [member for member in self.groups[self.by_key[key]] if stem_key(member) != key]

    def __bool__(self) -> bool:
        return bool(self.groups)


def is_plain(text: str) -> bool:
    """Whether `text` is only ordinary words (no wildcard, exact form, number or operator)."""
    words = text.split()
    return 0 < len(words) <= MAX_MEMBER_WORDS and all(_PLAIN_WORD_RE.fullmatch(word) for word in words)


def _widen_choice(body: str, table: EquivalentTable) -> str:
    """A `( | )` choice's body with each whole alternative's equivalents appended (unchanged when none)."""
    alternatives = body.split("|")
    present = {key for alternative in alternatives if (key := stem_key(alternative)) is not None}
    added: list[str] = []
    for alternative in alternatives:
        for member in table.others(alternative.strip()):
            key = stem_key(member)
            if key is not None and key not in present:
                present.add(key)
                added.append(member)
    return "|".join([*alternatives, *added]) if added else body


def _widen_run(words: list[str], table: EquivalentTable) -> list[str]:
    """A run of bare words, where each word or expression of a group becomes a choice."""
    out: list[str] = []
    position = 0
    while position < len(words):
        for length in range(min(MAX_MEMBER_WORDS, len(words) - position), 0, -1):
            expression = " ".join(words[position : position + length])
            others = table.others(expression)
            if others:
                out.append("(" + "|".join([expression, *others]) + ")")
                position += length
                break
        else:
            out.append(words[position])
            position += 1
    return out


def widen_phrase(text: str, table: EquivalentTable) -> str:
    """`text` (a phrase in the rubric syntax) with the table's equivalents as extra alternatives; the
    text itself, unchanged, when no word of it has an equivalent."""
    if not table:
        return text
    known = table.widened.get(text)
    if known is None:
        known = table.widened[text] = _widen(text, table)
    return known


def _widen(text: str, table: EquivalentTable) -> str:
    """`widen_phrase` without the memo: the phrase's parts rejoined, or `text` itself when none changed."""
    pieces: list[str] = []
    run: list[str] = []
    changed = False

    def flush() -> None:
        nonlocal changed
        if run:
            widened_run = _widen_run(run, table)
            changed = changed or widened_run != run
            pieces.append(" ".join(widened_run))
            run.clear()

    for match in _PART_RE.finditer(text):
        choice, gap, word, space = match.groups()
        if space is not None:
            continue
        if word is not None and _PLAIN_WORD_RE.fullmatch(word):
            run.append(word)
            continue
        flush()
        if choice is not None:
            widened_choice = _widen_choice(choice, table)
            changed = changed or widened_choice != choice
            pieces.append("(" + widened_choice + ")")
        else:
            pieces.append(gap if gap is not None else word)
    flush()
    return " ".join(pieces) if changed else text


def build_table(groups: Iterable[Sequence[str]]) -> EquivalentTable:
    """A table from groups known to be disjoint (a group with a member already seen is left out: the
    lexicon loader reports those)."""
    table = EquivalentTable()
    for members in groups:
        keys = [key for key in map(stem_key, members) if key is not None]
        if any(key in table.by_key for key in keys):
            continue
        table.by_key.update(dict.fromkeys(keys, len(table.groups)))
        table.groups.append(tuple(member.strip().lower() for member in members))
    return table


@lru_cache(maxsize=8)
def shared_table(groups: tuple[tuple[str, ...], ...]) -> EquivalentTable:
    """The table for `groups`, built once per process and shared (with its memo of widened phrases) by
    every bank loaded with the same equivalents."""
    return build_table(groups)
