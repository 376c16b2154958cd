"""An answer's token fields as columns, built once per answer and read in bulk by every check over it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from .text import Token

_NORM = itemgetter(0)
_CLAUSE = itemgetter(4)
_IS_NUMBER = itemgetter(5)
_SENTENCE = itemgetter(6)


@dataclass(frozen=True, slots=True)
class Columns:
    """The tokens' words, clauses and sentences in order, where the numbers are, and each word form with
    its positions (checks that count words read the distinct forms, not every token)."""

    norms: list[str]
    clauses: list[int]
    sentences: list[int]
    numbers: list[int]
    """Positions of the number tokens, in order."""
    forms: Mapping[str, list[int]]
    """Each word form (numbers left out) with its positions in order, by first occurrence."""

    def count(self, words: Iterable[str]) -> int:
        """How many tokens that are not numbers are one of `words` (a set of word forms)."""
        forms = self.forms
        return sum(len(forms[word]) for word in forms.keys() & words)


def columns_of(tokens: list[Token]) -> Columns:
    """The columns of `tokens` (one pass groups the positions by word form; the rest is read with `map`)."""
    norms = list(map(_NORM, tokens))
    numbers = list(compress(range(len(tokens)), map(_IS_NUMBER, tokens)))
    forms: dict[str, list[int]] = defaultdict(list)
    for index, norm in enumerate(norms):
        forms[norm].append(index)
    number_forms = {norms[index] for index in numbers}
    if number_forms:
        if sum(len(forms[form]) for form in number_forms) == len(numbers):
            forms = defaultdict(list, {norm: places for norm, places in forms.items() if norm not in number_forms})
        else:  # a word written like a number (the tokeniser makes none): the words are read one by one
            forms = defaultdict(list)
            for index, token in enumerate(tokens):
                if not token.is_number:
                    forms[token.norm].append(index)
    return Columns(norms, list(map(_CLAUSE, tokens)), list(map(_SENTENCE, tokens)), numbers, forms)
