"""Compile rubric phrase patterns into token patterns.

Syntax (see docs/writing-rubrics.md): words in order; `...` allows a gap of up to `gap` words;
`(a|b c|)` is a choice of word sequences (an empty choice makes the group optional); `word*` matches
any word starting with `word`; `=word` matches that exact word form only (no stemming, no spelling
slack: `=times` without `time`); `*ed` matches any word ending in `ed`; `#` matches any number and
`#%` any percentage; `a ~ b` matches both parts in either order, within `gap` words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .text import fold, stem, tokenize


class PhraseSyntaxError(ValueError):
    """A phrase that cannot be compiled (unbalanced parentheses, empty phrase, ...)."""


class TokenPattern(NamedTuple):
    """One word of a phrase (a named tuple: hashed on every lookup, so it must be cheap)."""

    text: str
    """The stem (or prefix, or `#`) to compare with answer tokens."""
    kind: str = "word"
    """`word` (stem equality or fuzzy), `exact` (the folded word form), `joined` (two phrase words
    written as one: stem equality only), `prefix`, `suffix`, `number` or `percent`."""
    written: str = ""
    """For `word`: the folded word as the phrase writes it; spelling tolerance compares answer words with
    it as well as with the stem (the stemmer cuts `container` to `contain`, a misspelt `contaneir` not)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One position of a phrase: a choice of token sequences, and how far it may be from the last."""

    choices: tuple[tuple[TokenPattern, ...], ...]
    """Alternative token sequences; an empty sequence means the step is optional."""
    wide_gap: bool = False
    """True when the phrase wrote `...` before this step (allows `gap` words, not `slack`)."""


@dataclass(frozen=True, slots=True)
class CompiledPhrase:
    """A phrase ready for matching."""

    source: str
    """The phrase as the mentor wrote it."""
    steps: tuple[Step, ...]
    threshold: int | None = None
    """Per-phrase fuzzy threshold, if any."""
    slack: int | None = None
    """Per-phrase slack (extra words allowed between adjacent words), if any."""
    gap: int | None = None
    """Per-phrase gap (most words a `...` stands for), if any."""
    required: tuple[tuple[tuple[TokenPattern, ...], ...], ...] = field(init=False, repr=False, compare=False)
    """The choices of every step that is not optional (the matcher's cheap pre-check), derived."""
    leading: tuple[TokenPattern, ...] = field(init=False, repr=False, compare=False)
    """First words of the choices that can start a match (up to the first step that is not optional)."""
    single: bool = field(init=False, repr=False, compare=False)
    """Whether the phrase is one step of one-word choices (its word positions are its matches)."""
    pair: bool = field(init=False, repr=False, compare=False)
    """Whether the phrase is two steps, the first not optional and the second one word ("canary ... plan",
    "(use|add) canary"): the matcher finds these without its general search."""

    def __post_init__(self) -> None:
        # Derived once per phrase, so that matching does not re-walk the steps for every answer.
        required = tuple(step.choices for step in self.steps if all(step.choices))
        leading: list[TokenPattern] = []
        for step in self.steps:
            leading.extend(choice[0] for choice in step.choices if choice)
            if all(step.choices):
                break
        single = len(self.steps) == 1 and all(len(choice) == 1 for choice in self.steps[0].choices)
        object.__setattr__(self, "required", required)
        object.__setattr__(self, "leading", tuple(leading))
        object.__setattr__(self, "single", single)
        pair = (
            len(self.steps) == 2
            and all(self.steps[0].choices)
            and len(self.steps[1].choices) == 1
            and len(self.steps[1].choices[0]) == 1
        )
        object.__setattr__(self, "pair", pair)

    def _replace_source(self, source: str) -> CompiledPhrase:
        return CompiledPhrase(source, self.steps, self.threshold, self.slack, self.gap)

    @property
    def size(self) -> int:
        """Words in the shortest full match (used to prefer longer phrases)."""
        return sum(min(len(choice) for choice in step.choices) for step in self.steps)


_PART_RE = re.compile(r"\(([^()]*)\)|(\.\.\.|…)|([^\s()]+)")


def _token_patterns(text: str) -> tuple[TokenPattern, ...]:
    """Token patterns for a plain run of words (no parentheses, no gaps)."""
    patterns: list[TokenPattern] = []
    for word in text.split():
        if word == "#":
            patterns.append(TokenPattern("#", "number"))
        elif word == "#%":
            patterns.append(TokenPattern("#%", "percent"))
        elif word.startswith("=") and len(word) > 1:
            patterns.extend(TokenPattern(token.norm, "exact") for token in tokenize(word[1:]))
        elif word.endswith("*") and len(word) > 1:
            # A prefix written with a hyphen ("re-plan*") is words as the tokeniser splits them, the last
            # one a prefix: answers' "re-planned" is the tokens "re" "planned". One word stays as written.
            parts = tokenize(word[:-1])
            if len(parts) > 1 and word[-2].isalnum():
                patterns.extend(TokenPattern(token.stem, "word", token.norm) for token in parts[:-1])
                patterns.append(TokenPattern(parts[-1].norm, "prefix"))
            else:
                patterns.append(TokenPattern(fold(word[:-1]), "prefix"))
        elif word.startswith("*") and len(word) > 2 and word[1:].isalpha():
            patterns.append(TokenPattern(fold(word[1:]), "suffix"))
        else:
            patterns.extend(TokenPattern(token.stem, "word", token.norm) for token in tokenize(word))
    return tuple(patterns)


def _with_joined_variants(choice: tuple[TokenPattern, ...]) -> list[tuple[TokenPattern, ...]]:
    """`roll back` also as `rollback` (and the other way is handled by the matcher)."""
    variants = [choice]
    if 2 <= len(choice) <= 3 and all(pattern.kind == "word" for pattern in choice):
        for index in range(len(choice) - 1):
            # Only the exact joined form counts: spelling slack on "planb" would match "planned".
            joined = stem(choice[index].text + choice[index + 1].text)
            variants.append(choice[:index] + (TokenPattern(joined, "joined"),) + choice[index + 2 :])
    return variants


def compile_phrase(
    source: str, threshold: int | None = None, slack: int | None = None, gap: int | None = None
) -> CompiledPhrase:
    """Compile one phrase; raises PhraseSyntaxError when it cannot be read."""
    depth = 0
    for char in source:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0 or depth > 1:
            problem = "nested parentheses" if depth > 1 else "unbalanced parentheses"
            raise PhraseSyntaxError(f"{problem} in phrase {source!r}: write each alternative in full")
    if depth:
        raise PhraseSyntaxError(f"unbalanced parentheses in phrase {source!r}")
    steps: list[Step] = []
    wide_gap = False
    for match in _PART_RE.finditer(source):
        group, ellipsis, words = match.groups()
        if ellipsis:
            if not steps:
                raise PhraseSyntaxError(f"phrase {source!r} cannot start with `...`")
            wide_gap = True
            continue
        if group is not None:
            choices: list[tuple[TokenPattern, ...]] = []
            for alternative in group.split("|"):
                choices.extend(_with_joined_variants(_token_patterns(alternative)))
            steps.append(Step(tuple(dict.fromkeys(choices)), wide_gap))
            wide_gap = False
            continue
        for pattern in _token_patterns(words):
            steps.append(Step(((pattern,),), wide_gap))
            wide_gap = False
    if wide_gap:
        raise PhraseSyntaxError(f"phrase {source!r} cannot end with `...`")
    if not steps or all(any(not choice for choice in step.choices) for step in steps):
        raise PhraseSyntaxError(f"phrase {source!r} has no words to match")
    # A plain multi-word phrase also matches its words written together ("roll back" ~ "rollback").
    if all(len(step.choices) == 1 and len(step.choices[0]) == 1 for step in steps) and not any(
        step.wide_gap for step in steps
    ):
        plain = tuple(step.choices[0][0] for step in steps)
        variants = _with_joined_variants(plain)
        if len(variants) > 1:
            steps = [Step(tuple(variants))]
    return CompiledPhrase(source, tuple(steps), threshold, slack, gap)


def compile_phrases(
    source: str, threshold: int | None = None, slack: int | None = None, gap: int | None = None
) -> tuple[CompiledPhrase, ...]:
    """Compile a phrase, expanding `left ~ right` (either order) into `left ... right` and `right ... left`.

    Both compiled phrases keep the mentor's text as their source, so reports quote what was written.
    """
    if "~" not in source:
        return (compile_phrase(source, threshold, slack, gap),)
    parts = [part.strip() for part in source.split("~")]
    if len(parts) != 2 or not all(parts):
        raise PhraseSyntaxError(f"phrase {source!r}: `~` joins exactly two parts, as in `owner ~ action item`")
    left, right = parts
    return tuple(
        compile_phrase(text, threshold, slack, gap)._replace_source(source)
        for text in (f"{left} ... {right}", f"{right} ... {left}")
    )


MAX_PHRASE_WORDS = 12
"""Phrases longer than this are slow to match and rarely match at all: the checker warns."""
MAX_GAPS = 3
"""More `...` gaps than this let a phrase match almost anywhere in a sentence: the checker warns."""
_REGEX_CHARS = frozenset("+?[]{}^$\\")
"""Characters that only mean something in a regular expression: a phrase that has them was written as one."""


def phrase_warnings(source: str) -> list[str]:
    """What a rubric checker should warn about in a phrase that compiles: characters that matching
    ignores (`(a+)+` is read as `a`: phrases are words, not regular expressions), and phrases so long
    or so gappy that they are slow and match either nothing or anything."""
    warnings: list[str] = []
    lost = sorted({char for char in source if char in _REGEX_CHARS})
    if lost:
        kept = "".join(char for char in source if char not in _REGEX_CHARS)
        warnings.append(
            f"phrase {source!r}: the characters {' '.join(lost)} are ignored (phrases are words, not regular "
            f"expressions), so it is read as {' '.join(_plain_words(kept))!r}{_regex_advice(source)}"
        )
    glued = _GLUED_CHOICE_RE.search(source)
    if glued:
        warnings.append(
            f"phrase {source!r}: a choice joined to a word ({glued.group()!r}) is read as separate words; "
            "write whole words in the choice, e.g. `(canary|canaries)` (plurals need no choice: words are "
            "stemmed)"
        )
    size = max(phrase.size for phrase in compile_phrases(source))
    if size > MAX_PHRASE_WORDS:
        warnings.append(
            f"phrase {source!r} has {size} words (at most {MAX_PHRASE_WORDS}): it is slow and rarely matches"
        )
    gaps = source.count("...") + source.count("…")
    if gaps > MAX_GAPS:
        warnings.append(f"phrase {source!r} has {gaps} `...` gaps (at most {MAX_GAPS}): it matches almost anywhere")
    return warnings


_GLUED_CHOICE_RE = re.compile(r"[^\W\d_]+\((?! )[^()]*\)[^\W\d_]*")
"""A word and a `( | )` choice written with no space between them: `canar(y|ies)`."""


def _regex_advice(source: str) -> str:
    """How to write what a regular-expression `?` meant, when the phrase has one."""
    if ")?" in source:
        return "; an optional word is written as a choice with an empty side: `(the|) canary`"
    if re.search(r"[^\W\d_]s\?", source):
        return "; plurals need no `s?`: words are stemmed (`rollback` also matches `rollbacks`)"
    return ""


def _plain_words(text: str) -> list[str]:
    return [token.norm for token in tokenize(text)]
