"""Which words are ordinary English words, so that spelling tolerance never rewrites one real word
into another ("path" is not a misspelt "patch"). The pilot's lesson: only correct rare words.

The word list is the 50,000 most frequent English words from the `wordfreq` package (its data ships
inside the package), loaded once, on first use.
"""

from __future__ import annotations

from functools import lru_cache

KNOWN_WORDS = 50_000


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """The most frequent English words, lower-case."""
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", KNOWN_WORDS))


def is_known_word(norm: str) -> bool:
    """Whether `norm` (a folded answer word) is a frequent English word."""
    return norm in known_words()
