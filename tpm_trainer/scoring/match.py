"""Find compiled phrases in a tokenised answer.

Matching is linear in the answer's length: every phrase starts only where its first word occurs, and
the search from each start is bounded. Fuzzy matching (rapidfuzz) is restricted, as the pilot showed
it must be: only words of four letters or more, with the same first letter, and never a common word.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import chain, compress, islice, repeat
from operator import add, itemgetter, le, sub
from typing import NamedTuple, TypeVar

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from .columns import Columns, columns_of
from .lexicon import COMMON_WORDS, is_known_word
from .phrases import CompiledPhrase, Step, TokenPattern
from .stance import Stance
from .text import Token, contracted_base, stem

_TOKEN_START = itemgetter(2)
_TOKEN_END = itemgetter(3)
SEARCH_BUDGET = 256  # most partial matches explored from one start position
PHRASE_BUDGET = 50_000  # most partial matches explored for one phrase over the whole answer
MAX_MATCHES_PER_PHRASE = 200  # a concept counts once: later repeats of a phrase add nothing but time


def allowed_edits(length: int, threshold: int) -> int:
    """Typing slips tolerated in a rubric word of `length` letters at similarity `threshold`: one for
    5-12 letters at the default 86, two from 13; none at 100 or for words under five letters."""
    if length < 5:
        return 0
    return int(length * (100 - threshold) / 100 + 0.3)


@lru_cache(maxsize=262144)
def is_close_spelling(rubric_word: str, answer_word: str, threshold: int) -> bool:
    """Whether `answer_word` is a misspelling of `rubric_word` (both stems, same first letter assumed).

    Close means an indel similarity (rapidfuzz `fuzz.ratio`) of at least `threshold`, or at most
    `allowed_edits` single-letter slips (substitution, insertion, deletion or swap of neighbours) —
    `ratio` alone counts a substituted letter twice, so "vinigar" would miss "vinegar". Cached: a pure
    function of its arguments, and rubric and answer words repeat across answers.
    """
    if abs(len(answer_word) - len(rubric_word)) > 2:
        return False
    if fuzz.ratio(rubric_word, answer_word) >= threshold:
        return True
    edits = allowed_edits(len(rubric_word), threshold)
    return edits > 0 and OSA.distance(rubric_word, answer_word, score_cutoff=edits) <= edits


@lru_cache(maxsize=65536)
def may_be_misspelt(norm: str) -> bool:
    """Whether an answer word may be read as a misspelling of a rubric word: only when it is not a
    common English word itself (so "path" never becomes "patch", nor "shared" "shard")."""
    return norm not in COMMON_WORDS and not is_known_word(norm)


@lru_cache(maxsize=65536)
def _joined_stem(first: str, second: str) -> str:
    """The stem of two adjacent words written together when it may stand for one misspelt word split by a
    stray space ("experim ent"), else "": one of them is short (three letters or fewer), and the stem has
    six letters or more (a stem is never longer than its word, so shorter pairs are not stemmed)."""
    if (len(first) > 3 and len(second) > 3) or len(first) + len(second) < 6:
        return ""
    joined = stem(first + second)
    return joined if len(joined) >= 6 else ""


class Match(NamedTuple):
    """One place where a phrase matched (a named tuple: answers make hundreds of them)."""

    phrase: CompiledPhrase
    positions: tuple[int, ...]
    """Indices of the answer tokens the phrase's words matched (gap words excluded)."""
    start: int
    """Character offset of the first matched token."""
    end: int
    """Character offset just past the last matched token."""
    negated: bool = False

    @property
    def first(self) -> int:
        return self.positions[0]

    @property
    def last(self) -> int:
        return self.positions[-1]


_Verdict = TypeVar("_Verdict")
_UNKNOWN = object()
_new_match = tuple.__new__  # builds a Match in C (the named tuple's own constructor is Python code)


def _by_stem(tokens: list[Token], columns: Columns) -> dict[str, list[int]]:
    """Stem -> positions in order, from the distinct word forms (the tokeniser gives every token of a form
    the same stem, so each form's stem is read once) and the numbers."""
    by_stem: dict[str, list[int]] = {}
    number_stems: dict[str, list[int]] = defaultdict(list)
    for position in columns.numbers:
        number_stems[tokens[position].stem].append(position)
    for indices in chain(columns.forms.values(), number_stems.values()):
        word_stem = tokens[indices[0]].stem
        known = by_stem.get(word_stem)
        by_stem[word_stem] = indices if known is None else sorted(known + indices)
    for form, indices in columns.forms.items():
        base = contracted_base(form)
        if base is not None:
            # "the team's plan" says team, "teams who'll use it" says who: the word before a possessive or a
            # contraction of will/would/have/are/am is found by its own stem too (negations stay whole).
            base_stem = stem(base)
            known = by_stem.get(base_stem)
            by_stem[base_stem] = indices if known is None else sorted(known + indices)
    return by_stem


def _inverted_by_token(tokens: list[Token]) -> tuple[dict[str, list[int]], dict[str, list[int]], list[int]]:
    """(stem -> positions, word form -> positions without the numbers, the numbers' positions), token by
    token: the plain reading `_by_stem` and `columns_of` stand in for."""
    by_stem: dict[str, list[int]] = defaultdict(list)
    norms: dict[str, list[int]] = defaultdict(list)
    numbers: list[int] = []
    for index, token in enumerate(tokens):
        by_stem[token.stem].append(index)
        if token.is_number:
            numbers.append(index)
        else:
            norms[token.norm].append(index)
    return by_stem, norms, numbers


class AnswerIndex:
    """An answer's tokens, indexed for phrase lookup; one per scoring call."""

    def __init__(self, tokens: list[Token], default_threshold: int, slack: int, gap: int, text: str = "") -> None:
        self.tokens = tokens
        self.text = text
        # Token fields as columns (read in bulk by the checks around a match; clauses and sentences are
        # non-decreasing, so a clause's or sentence's tokens are found by bisection).
        self.columns = columns = columns_of(tokens)
        self.norms: list[str] = columns.norms
        self.clauses: list[int] = columns.clauses
        self.sentences: list[int] = columns.sentences
        self._marked: dict[frozenset[str], list[int]] = {}
        self._per_span: dict[tuple[object, tuple[int, ...]], object] = {}
        self._ordered: dict[int, list[int]] = {}  # id of a hits dict (kept alive by the cache) -> its positions
        self.default_threshold = default_threshold
        self.slack = slack
        self.gap = gap
        # The inverted index (stem -> positions, word form -> positions) from the columns' word forms;
        # everything else (words written apart, spelling candidates) is derived lazily from the distinct
        # words, only when a rubric pattern needs it.
        self._by_stem = _by_stem(tokens, columns)
        self._norms = columns.forms
        self._numbers = columns.numbers
        self._joined: dict[str, list[int]] = {}
        # Fuzzy candidates by first letter: stem -> [(position, tokens consumed)]; built on first use.
        self._by_initial: dict[tuple[str, int], dict[str, list[tuple[int, int]]]] | None = None
        self._cache: dict[int, dict[TokenPattern, dict[int, int]]] = {}  # threshold -> pattern -> hits
        self._recent_threshold = default_threshold  # the threshold last asked for, and its cache
        self._recent: dict[TokenPattern, dict[int, int]] = self._cache.setdefault(default_threshold, {})
        self.stance = Stance(tokens, text, (self.norms, self.clauses, self.sentences), self._norms)
        self._by_letter: dict[str, dict[str, list[int]]] | None = None

    def per_span(self, check: Callable[[AnswerIndex, Match], _Verdict], match: Match) -> _Verdict:
        """`check(self, match)`, remembered by the match's positions: for checks that read nothing else of
        a match (depth, elaboration), so that matches of different phrases on the same words ("canary" and
        "canary*") are judged once."""
        key = (check, match.positions)
        known = self._per_span.get(key, _UNKNOWN)
        if known is _UNKNOWN:
            known = self._per_span[key] = check(self, match)
        return known  # type: ignore[return-value]

    def marked(self, words: frozenset[str]) -> list[int]:
        """Positions, in order, of the numbers and of the words in `words` (computed once per word set)."""
        found = self._marked.get(words)
        if found is None:
            forms = self._norms  # the words' positions, read from the distinct forms
            found = self._marked[words] = sorted(chain(self._numbers, *map(forms.__getitem__, forms.keys() & words)))
        return found

    # -- single tokens -------------------------------------------------------------------------

    def _norms_by_initial(self) -> dict[str, dict[str, list[int]]]:
        """The answer's word forms grouped by first letter (a prefix pattern only looks at its own letter)."""
        if self._by_letter is None:
            grouped: dict[str, dict[str, list[int]]] = defaultdict(dict)
            for norm, indices in self._norms.items():
                grouped[norm[:1]][norm] = indices
            self._by_letter = grouped
        return self._by_letter

    def has_stem(self, stem_text: str) -> bool:
        """Whether any answer word has this stem."""
        return stem_text in self._by_stem

    def _written_apart(self, joined: str) -> list[int]:
        """Positions where two adjacent words of one clause, written together, have the stem `joined`
        ("roll back" for `rollback`): the first word must be a prefix of `joined`, so only those are tried."""
        found = self._joined.get(joined)
        if found is not None:
            return found
        tokens = self.tokens
        found = []
        for cut in range(1, len(joined)):
            for index in self._norms.get(joined[:cut], ()):
                if index + 1 >= len(tokens):
                    continue
                following = tokens[index + 1]
                if (
                    not following.is_number
                    and following.clause == tokens[index].clause
                    and stem(tokens[index].norm + following.norm) == joined
                ):
                    found.append(index)
        found.sort()
        self._joined[joined] = found
        return found

    def _spelling_candidates(self) -> dict[tuple[str, int], dict[str, list[tuple[int, int]]]]:
        """Answer words that may be misspellings of a rubric word, by (first letter, length), built once
        from the distinct words; words split by a stray space ("experim ent") join into one two-token
        candidate. Bucketing by length means a rubric word is only compared with words within two letters
        of its own length (the most `is_close_spelling` allows)."""
        if self._by_initial is not None:
            return self._by_initial
        buckets: dict[tuple[str, int], dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
        tokens = self.tokens
        for norm, indices in self._norms.items():
            word_stem = tokens[indices[0]].stem
            if len(word_stem) >= 4 and may_be_misspelt(norm):
                buckets[word_stem[0], len(word_stem)][word_stem].extend(zip(indices, repeat(1)))
                if norm != word_stem:
                    # The stemmer cuts a misspelt word unpredictably ("vineger" -> "vineg"): the word as
                    # written is compared too.
                    buckets[norm[0], len(norm)][norm].extend(zip(indices, repeat(1)))
        norms = self.norms
        joined_pairs = list(map(_joined_stem, norms, islice(norms, 1, None)))
        for index in compress(range(len(joined_pairs)), joined_pairs):
            token, following = tokens[index], tokens[index + 1]
            if token.is_number or following.is_number or following.clause != token.clause:
                continue
            joined = joined_pairs[index]
            buckets[joined[0], len(joined)][joined].append((index, 2))
        self._by_initial = buckets
        return buckets

    def _misspellings(self, pattern: TokenPattern, threshold: int) -> dict[int, int]:
        """Positions of answer words close enough in spelling to the pattern's stem or written word."""
        buckets = self._spelling_candidates()
        targets = [pattern.text]
        if len(pattern.written) > len(pattern.text):
            targets.append(pattern.written)
        found: dict[int, int] = {}
        for target in targets:
            initial, size = target[0], len(target)
            for length in range(size - 2, size + 3):
                for word, places in buckets.get((initial, length), {}).items():
                    if word != pattern.text and is_close_spelling(target, word, threshold):
                        for index, consumed in places:
                            found.setdefault(index, consumed)
        return found

    def positions(self, pattern: TokenPattern, threshold: int) -> dict[int, int]:
        """Answer positions where `pattern` matches, each with how many tokens it consumes."""
        if threshold == self._recent_threshold:  # the common case: one threshold for a whole rubric
            by_pattern = self._recent
        else:
            by_pattern = self._cache.setdefault(threshold, {})
            self._recent, self._recent_threshold = by_pattern, threshold
        cached = by_pattern.get(pattern)
        if cached is not None:
            return cached
        found: dict[int, int] = {}
        if pattern.kind == "number":
            found = {index: 1 for index in self._numbers}
        elif pattern.kind == "percent":
            found = {index: 1 for index in self._numbers if self.tokens[index].norm.endswith("%")}
        elif pattern.kind == "exact":
            found = dict.fromkeys(self._norms.get(pattern.text, ()), 1)
        elif pattern.kind == "joined":
            found = dict.fromkeys(self._by_stem.get(pattern.text, ()), 1)
        elif pattern.kind == "suffix":
            for norm, indices in self._norms.items():
                if norm.endswith(pattern.text) and len(norm) - len(pattern.text) >= 3:
                    found.update(dict.fromkeys(indices, 1))
        elif pattern.kind == "prefix":
            size = len(pattern.text)
            edits = allowed_edits(size + 2, threshold) if size >= 5 and threshold < 100 else 0
            for norm, indices in self._norms_by_initial().get(pattern.text[:1], {}).items():
                if norm.startswith(pattern.text) or (
                    edits
                    and norm[0] == pattern.text[0]
                    and len(norm) >= size - 1
                    and may_be_misspelt(norm)
                    and any(
                        OSA.distance(pattern.text, norm[:cut], score_cutoff=edits) <= edits
                        for cut in (size - 1, size, size + 1)
                    )
                ):
                    found.update(dict.fromkeys(indices, 1))
        else:
            found.update(dict.fromkeys(self._by_stem.get(pattern.text, ()), 1))
            for index in self._written_apart(pattern.text):
                found.setdefault(index, 2)
            if len(pattern.text) >= 4 and threshold < 100 and pattern.text.isalpha():
                for index, consumed in self._misspellings(pattern, threshold).items():
                    found.setdefault(index, consumed)
        by_pattern[pattern] = found
        return found

    # -- phrases -------------------------------------------------------------------------------

    def _hits_by_pattern(self, threshold: int) -> dict[TokenPattern, dict[int, int]]:
        """The positions cache for `threshold` (made the recent one)."""
        if threshold != self._recent_threshold:
            self._recent, self._recent_threshold = self._cache.setdefault(threshold, {}), threshold
        return self._recent

    def find(self, phrase: CompiledPhrase, threshold: int | None = None) -> list[Match]:
        """Every non-overlapping place `phrase` matches, left to right."""
        limit = phrase.threshold or threshold or self.default_threshold
        known = self._hits_by_pattern(limit)
        hits_of = self.positions
        # Cheap necessary condition: every step that is not optional needs a choice whose words all
        # occur somewhere in the answer. Most phrases of a rubric fail it, and skip the search.
        for choices in phrase.required:
            for choice in choices:
                for pattern in choice:
                    hits = known.get(pattern)
                    if hits is None:
                        hits = hits_of(pattern, limit)
                    if not hits:
                        break
                else:
                    break  # every word of this choice occurs
            else:
                return []
        if phrase.single:
            return self._find_single(phrase, limit)
        starts: set[int] = set()
        for pattern in phrase.leading:
            starts.update(hits_of(pattern, limit))
        steps = phrase.steps
        slack = self.slack if phrase.slack is None else phrase.slack
        gap = self.gap if phrase.gap is None else phrase.gap
        if phrase.pair:
            return self._find_pair(phrase, starts, limit, slack, gap if steps[1].wide_gap else slack)
        if len(steps) == 1:
            return self._find_runs(phrase, starts, limit, slack)
        if all(steps[0].choices) and all(steps[1].choices) and len(starts) * SEARCH_BUDGET <= PHRASE_BUDGET:
            # The budget cannot run out, so a start where the second step cannot follow (its words are not
            # within reach) is skipped without changing anything: it would find nothing and spend nothing
            # that a later start needs. Read in bulk; the search runs from the others.
            choices = steps[0].choices  # `starts` are the first words of its choices
            firsts = [self.positions(choice[0], limit) for choice in choices]
            follower: set[int] = set()
            for choice in steps[1].choices:
                follower.update(self.positions(choice[0], limit))
            window = gap if steps[1].wide_gap else slack
            starts = self._viable_starts(choices, firsts, sorted(follower), window, limit, slack)
        tokens = self.tokens
        matches: list[Match] = []
        next_free = 0
        remaining = PHRASE_BUDGET
        for start in sorted(starts):
            if start < next_free:
                continue
            if remaining <= 0:
                break  # a pathological phrase (hundreds of words, each everywhere): stop, in bounded time
            budget = [min(SEARCH_BUDGET, remaining)]
            allowed = budget[0]
            found = self._match_steps(steps, 0, start, start, limit, budget, slack, gap)
            remaining -= allowed - max(budget[0], 0)
            if found is None:
                continue
            positions, end_index = found
            if not positions:
                continue
            matches.append(
                _new_match(
                    Match, (phrase, tuple(positions), tokens[positions[0]].start, tokens[end_index - 1].end, False)
                )
            )
            next_free = end_index
            if len(matches) >= MAX_MATCHES_PER_PHRASE:
                break
        return matches

    def _find_pair(self, phrase: CompiledPhrase, starts: set[int], limit: int, slack: int, window: int) -> list[Match]:
        """`find` for a phrase of two steps whose second is one word ("canary ... plan", "(use|add) a
        canary", "error budget ... plan"): at each start, the first choice that matches and has the second
        word within `window` after it, in its sentence. The same result, and the same search budget spent
        (one step per start, one more per choice that matches there), as the general search, without its
        recursion."""
        choices = phrase.steps[0].choices  # never empty: the first step is not optional
        known = self._hits_by_pattern(limit)
        firsts = [known.get(choice[0]) or self.positions(choice[0], limit) for choice in choices]
        second = phrase.steps[1].choices[0][0]
        second_hits = known.get(second) or self.positions(second, limit)
        ordered = self._sorted_hits(second_hits)
        sentences = self.sentences
        tokens = self.tokens
        last = len(sentences) - 1
        if all(len(choice) == 1 for choice in choices) and len(starts) * (1 + len(choices)) <= PHRASE_BUDGET:
            # One word per choice, and too few starts for the budget to stop the search: read in bulk.
            found_at = self._pair_ends(firsts, ordered, window)
            return self._pair_matches(phrase, found_at, second_hits)
        matches: list[Match] = []
        next_free = 0
        remaining = PHRASE_BUDGET
        for start in sorted(starts):
            if start < next_free:
                continue
            if remaining <= 0:
                break
            allowed = min(SEARCH_BUDGET, remaining)
            spent = 1  # the first step
            found: tuple[list[int], int] | None = None
            for positions, after in self._runs_at(choices, firsts, start, limit, slack):
                spent += 1  # the second step, which finds nothing once the budget is spent
                if spent > allowed:
                    continue
                top = min(after + window, last, bisect_right(sentences, sentences[after - 1], after) - 1)
                place = bisect_left(ordered, after)
                if place < len(ordered) and ordered[place] <= top:
                    position = ordered[place]
                    found = (positions + [position], position + second_hits[position])
                    break
            remaining -= min(spent, allowed)
            if found is None:
                continue
            positions, end_index = found
            matches.append(
                _new_match(Match, (phrase, tuple(positions), tokens[start].start, tokens[end_index - 1].end, False))
            )
            next_free = end_index
            if len(matches) >= MAX_MATCHES_PER_PHRASE:
                break
        return matches

    def _pair_ends(self, firsts: list[dict[int, int]], ordered: list[int], window: int) -> dict[int, int]:
        """For a pair phrase whose first step is one-word choices (`firsts`: each choice's hits, in the
        choices' order): each start -> the second word's position, where the first choice that matches
        there has the second word (`ordered`: its positions) within `window` after it, in its sentence.
        Without a search budget (the caller checks that it cannot run out); one bulk pass per choice."""
        found_at: dict[int, int] = {}
        for hits in firsts:
            for start, second in self._followed(hits, ordered, window):
                found_at.setdefault(start, second)  # an earlier choice that matches here wins
        return found_at

    def _followed(self, hits: dict[int, int], ordered: list[int], window: int) -> Iterator[tuple[int, int]]:
        """(start, next) for each start of `hits` (position -> words consumed), in order, where the first
        of the `ordered` positions at or after the start's end lies within `window` words of it, in its
        sentence (the reach of the matcher's next step). Read in bulk, one pass per column."""
        sentences = self.sentences
        last = len(sentences) - 1
        beyond = ordered + [last + 1]  # past every top: a start with no next position after it finds this
        starts = sorted(hits)
        afters = list(map(add, starts, map(hits.__getitem__, starts)))
        # The sentence of the word before `after` ends where bisection finds its number's last position.
        ends = map(bisect_right, repeat(sentences), map(sentences.__getitem__, map(sub, afters, repeat(1))), afters)
        tops = map(min, map(add, afters, repeat(window)), repeat(last), map(sub, ends, repeat(1)))
        nexts = list(map(beyond.__getitem__, map(bisect_left, repeat(ordered), afters)))
        return compress(zip(starts, nexts, strict=True), map(le, nexts, tops))

    def _viable_starts(
        self,
        choices: tuple[tuple[TokenPattern, ...], ...],
        firsts: list[dict[int, int]],
        follower: list[int] | None,
        window: int,
        limit: int,
        slack: int,
    ) -> set[int]:
        """The starts where some choice of a step may match and be followed: a run's second word within
        `slack` of its first, and for a one-word choice, one of the `follower` positions (the next step's
        first words, in order) within `window` (every start of a one-word choice when `follower` is None).
        A necessary condition only: the search still decides at these starts."""
        viable: set[int] = set()
        for choice, hits in zip(choices, firsts, strict=True):
            if len(choice) > 1:
                second = self._sorted_hits(self.positions(choice[1], limit))
                viable.update(start for start, _ in self._followed(hits, second, slack))
            elif follower is None:
                viable.update(hits)
            else:
                viable.update(start for start, _ in self._followed(hits, follower, window))
        return viable

    def _sorted_hits(self, hits: dict[int, int]) -> list[int]:
        """The positions of `hits`, in order (remembered per hits dict, which the positions cache keeps)."""
        ordered = self._ordered.get(id(hits))
        if ordered is None:
            ordered = self._ordered[id(hits)] = sorted(hits)
        return ordered

    def _pair_matches(
        self, phrase: CompiledPhrase, found_at: dict[int, int], second_hits: dict[int, int]
    ) -> list[Match]:
        """The non-overlapping matches, left to right, of a pair phrase found at the starts of `found_at`."""
        tokens = self.tokens
        matches: list[Match] = []
        next_free = 0
        for start in sorted(found_at):
            if start < next_free:
                continue
            second = found_at[start]
            end_index = second + second_hits[second]
            matches.append(
                _new_match(Match, (phrase, (start, second), tokens[start].start, tokens[end_index - 1].end, False))
            )
            next_free = end_index
            if len(matches) >= MAX_MATCHES_PER_PHRASE:
                break
        return matches

    def _runs_at(
        self,
        choices: tuple[tuple[TokenPattern, ...], ...],
        firsts: list[dict[int, int]],
        start: int,
        limit: int,
        slack: int,
    ) -> Iterator[tuple[list[int], int]]:
        """(positions, index after the run) of each choice of a step that matches at `start`, in the
        choices' order (`firsts`: each choice's first-word hits, position -> words consumed)."""
        for choice, hits in zip(choices, firsts, strict=True):
            consumed = hits.get(start)
            if consumed is None:
                continue
            if len(choice) == 1:
                yield [start], start + consumed
                continue
            run = self._match_run(choice, start, limit, slack)
            if run is not None:
                yield run

    def _find_runs(self, phrase: CompiledPhrase, starts: set[int], limit: int, slack: int) -> list[Match]:
        """`find` for a phrase of one step whose choices are runs of words ("load balancer" or
        "loadbalancer"): the first choice that matches at a start is the match. The same result, and the
        same search budget spent (one step per start), as the general search, without its recursion."""
        choices = phrase.steps[0].choices  # never empty: a phrase's only step is not optional
        known = self._hits_by_pattern(limit)
        firsts = [known.get(choice[0]) or self.positions(choice[0], limit) for choice in choices]
        if len(starts) <= PHRASE_BUDGET:
            # The budget cannot run out: starts where no run can continue are skipped (read in bulk).
            starts = self._viable_starts(choices, firsts, None, slack, limit, slack)
        tokens = self.tokens
        matches: list[Match] = []
        next_free = 0
        remaining = PHRASE_BUDGET
        for start in sorted(starts):
            if start < next_free:
                continue
            if remaining <= 0:
                break
            remaining -= 1
            for positions, after in self._runs_at(choices, firsts, start, limit, slack):
                matches.append(
                    _new_match(Match, (phrase, tuple(positions), tokens[start].start, tokens[after - 1].end, False))
                )
                next_free = after
                break
            if len(matches) >= MAX_MATCHES_PER_PHRASE:
                break
        return matches

    def _find_single(self, phrase: CompiledPhrase, limit: int) -> list[Match]:
        """`find` for a phrase of one word (or one-word alternatives): its positions are its matches."""
        choices = phrase.steps[0].choices
        if len(choices) == 1:
            hits = self.positions(choices[0][0], limit)
        else:
            hits = {}
            for (pattern,) in choices:
                for position, consumed in self.positions(pattern, limit).items():
                    if consumed > hits.get(position, 0):
                        hits[position] = consumed
        tokens = self.tokens
        if max(hits.values(), default=1) == 1:
            # Every hit is one token, so none overlaps the next: the first positions are the matches (built
            # in bulk: token offsets read with `map`, matches made in C).
            positions = sorted(hits)[:MAX_MATCHES_PER_PHRASE]
            picked = list(map(tokens.__getitem__, positions))
            fields = zip(
                repeat(phrase), zip(positions), map(_TOKEN_START, picked), map(_TOKEN_END, picked), repeat(False)
            )
            return list(map(_new_match, repeat(Match), fields))
        matches: list[Match] = []
        next_free = 0
        for position in sorted(hits):
            if position < next_free:
                continue
            end_index = position + hits[position]
            matches.append(
                _new_match(Match, (phrase, (position,), tokens[position].start, tokens[end_index - 1].end, False))
            )
            next_free = end_index
            if len(matches) >= MAX_MATCHES_PER_PHRASE:
                break
        return matches

    def _match_steps(
        self,
        steps: tuple[Step, ...],
        step_index: int,
        low: int,
        high: int,
        limit: int,
        budget: list[int],
        slack: int,
        gap: int,
    ) -> tuple[list[int], int] | None:
        """Match steps from `step_index`, the next token starting in [low, high]. Returns the matched
        token positions and the index just past the match, or None."""
        if step_index == len(steps):
            return [], low
        budget[0] -= 1
        if budget[0] < 0:
            return None
        sentences = self.sentences
        top = min(high, len(sentences) - 1)
        # After the first step, a match stays in the sentence of the last word matched (sentence numbers
        # never decrease, so the positions in scope end where that sentence ends).
        if step_index and low > 0:
            top = min(top, bisect_right(sentences, sentences[low - 1], low) - 1)
        known = self._recent if limit == self._recent_threshold else self._hits_by_pattern(limit)
        last_step = step_index + 1 == len(steps)
        for choice in steps[step_index].choices:
            if not choice:
                found = self._match_steps(steps, step_index + 1, low, high, limit, budget, slack, gap)
                if found is not None:
                    return found
                continue
            first_hits = known.get(choice[0])
            if first_hits is None:
                first_hits = self.positions(choice[0], limit)
            if not first_hits:
                continue
            for position in range(low, top + 1):
                consumed = first_hits.get(position)
                if consumed is None:
                    continue
                if len(choice) == 1:  # a one-word run is its first word (what `_match_run` would find)
                    positions, after = [position], position + consumed
                else:
                    run = self._match_run(choice, position, limit, slack)
                    if run is None:
                        continue
                    positions, after = run
                if last_step:
                    return positions, after
                window = gap if steps[step_index + 1].wide_gap else slack
                found = self._match_steps(steps, step_index + 1, after, after + window, limit, budget, slack, gap)
                if found is not None:
                    return positions + found[0], found[1]
        return None

    def _slack(self, phrase: CompiledPhrase) -> int:
        return self.slack if phrase.slack is None else phrase.slack

    def _match_run(
        self, run: tuple[TokenPattern, ...], position: int, limit: int, slack: int
    ) -> tuple[list[int], int] | None:
        """Match a run of adjacent tokens (each within `slack` of the last) starting exactly at `position`."""
        known = self._hits_by_pattern(limit)
        first = known.get(run[0])
        if first is None:
            first = self.positions(run[0], limit)
        consumed = first.get(position)
        if consumed is None:
            return None
        positions = [position]
        after = position + consumed
        sentences = self.sentences
        last = len(sentences) - 1
        for pattern in run[1:]:
            hits = known.get(pattern)
            if hits is None:
                hits = self.positions(pattern, limit)
            scope = sentences[after - 1]
            for candidate in range(after, min(after + slack, last) + 1):
                if sentences[candidate] != scope:
                    return None  # the next word is in the next sentence
                consumed = hits.get(candidate)
                if consumed is not None:
                    positions.append(candidate)
                    after = candidate + consumed
                    break
            else:
                return None
        return positions, after

    # -- stance --------------------------------------------------------------------------------

    def is_negated(self, first_position: int) -> bool:
        """Whether a negation before it governs the token at `first_position` (see `Stance`)."""
        return self.stance.is_negated(first_position)

    def is_rejected(self, match: Match, critique: bool = False) -> bool:
        """Whether the answer negates or dismisses `match` (see `Stance.is_rejected`)."""
        return self.stance.is_rejected(match, critique)
