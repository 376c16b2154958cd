"""The scorer's speed shortcuts give the same results as the plain paths they stand in for."""

from __future__ import annotations

import random
import re

import pytest

from tpm_trainer.scoring import text
from tpm_trainer.scoring.lexicon import known_words
from tpm_trainer.scoring.match import MAX_MATCHES_PER_PHRASE, PHRASE_BUDGET, SEARCH_BUDGET, AnswerIndex
from tpm_trainer.scoring.nonanswer import repeated
from tpm_trainer.scoring.phrases import CompiledPhrase, compile_phrase, compile_phrases
from tpm_trainer.scoring.text import Token, stem, tokenize

ANSWER = (
    "We'd start with a canary on 1% of hosts, then roll out in waves. I don't think a big bang is safe; "
    "twenty five percent of traffic moves per wave, and we roll back if errors rise.\n\n- monitoring\n- rollbak"
)


def test_stems_are_never_longer_than_their_words():
    # The joined-pair spelling candidates skip pairs under six letters on this property.
    words = sorted(known_words())
    assert len(words) > 10_000
    longer = [word for word in words if len(stem(word)) > len(word)]
    assert longer == []
    assert len(stem("organisation")) <= len("organisation")


def test_word_form_cache_gives_the_same_tokens(monkeypatch: pytest.MonkeyPatch):
    expected = tokenize(ANSWER)
    assert all(type(token) is Token for token in expected)
    assert [token.norm for token in expected][:4] == ["we'd", "start", "with", "a"]
    assert "25%" in [token.norm for token in expected]
    # A cache that overflows on every word still gives the same tokens.
    monkeypatch.setattr(text, "_WORD_FORMS", {})
    monkeypatch.setattr(text, "_WORD_FORMS_SIZE", 2)
    assert tokenize(ANSWER) == expected
    assert len(text._WORD_FORMS) <= 2


def test_positions_are_kept_apart_by_threshold():
    index = AnswerIndex(tokenize("we roll back with a rollbak plan"), 86, 1, 5)
    phrase = compile_phrase("rollback")
    pattern = phrase.steps[0].choices[0][0]
    tolerant = index.positions(pattern, 86)
    strict = index.positions(pattern, 100)
    assert tolerant != strict
    assert 5 in tolerant and 5 not in strict  # the misspelling counts only with spelling tolerance
    assert index.positions(pattern, 86) == tolerant  # asking again after another threshold


def test_repeated_reads_sentences_in_order():
    sentence = "We roll out the change in waves across regions. "
    assert repeated(tokenize(sentence * 4)) is not None
    varied = "We roll out in waves. Then we watch the error rates. Finally we review the results with owners."
    assert repeated(tokenize(varied)) is None


# -- sentence around a match ---------------------------------------------------------------------------------

_END_RE = re.compile(r"[.!?](?=\s|$)|\n")


def _sentence_around_by_search(source: str, start: int, end: int, limit: int = 240) -> str:
    """The plain version `sentence_around` stands in for: regular-expression searches in a window."""
    window = max(0, start - 4 * limit)
    before = [match.end() for match in _END_RE.finditer(source, window, start)]
    left = before[-1] if before else window
    after = _END_RE.search(source, end, end + 4 * limit)
    right = after.start() + 1 if after else min(len(source), end + 4 * limit)
    if end - start >= limit:
        return source[start:end].strip()
    if right - left > limit:
        spare = (limit - (end - start)) // 2
        left, right = max(left, start - spare), min(right, end + spare)
    return " ".join(source[left:right].split())


def test_sentence_around_matches_the_windowed_search():
    rng = random.Random(3)
    for _ in range(3000):
        sample = "".join(rng.choice("ab .!?\n\t,x") for _ in range(rng.randint(0, 50)))
        start = rng.randint(0, len(sample))
        end = rng.randint(start, len(sample))
        limit = rng.choice([3, 5, 10, 240])
        expected = _sentence_around_by_search(sample, start, end, limit)
        assert text.sentence_around(sample, start, end, limit) == expected, (sample, start, end, limit)


# -- phrase shapes found without the general search ----------------------------------------------------------


def _found_by_general_search(index: AnswerIndex, phrase: CompiledPhrase, threshold: int) -> list[tuple]:
    """Every match of `phrase` by the general step-by-step search, as (positions, start, end)."""
    starts = {position for pattern in phrase.leading for position in index.positions(pattern, threshold)}
    slack = index.slack if phrase.slack is None else phrase.slack
    gap = index.gap if phrase.gap is None else phrase.gap
    found, next_free, remaining = [], 0, PHRASE_BUDGET
    for start in sorted(starts):
        if start < next_free:
            continue
        if remaining <= 0:
            break
        budget = [min(SEARCH_BUDGET, remaining)]
        allowed = budget[0]
        result = index._match_steps(phrase.steps, 0, start, start, threshold, budget, slack, gap)
        remaining -= allowed - max(budget[0], 0)
        if result is None or not result[0]:
            continue
        positions, end_index = result
        found.append((tuple(positions), index.tokens[positions[0]].start, index.tokens[end_index - 1].end))
        next_free = end_index
        if len(found) >= MAX_MATCHES_PER_PHRASE:
            break
    return found


@pytest.mark.parametrize(
    "source",
    [
        "canary ... plan",
        "roll back",
        "rollback",
        "status page*",
        "error budget",
        "load balancer ... plan",
        "no-go call",
        "(use|add) canary",
        "(roll back|canary) plan",
        "(a|the) (load|roll) back",
        "(balancer|go) ... (call|plan)",
        "canary",
        "canary*",
        "(plan|canary)",
        "(canary|plans) ... plan",
        "(plan|canari|go) ... call",
        "(go|no) go",
        "(rollback|roll) ... back",
        "(roll|rollback) back",
        "error budget ... plan",
        "no go ... call",
        "(roll back|canary) ... plan ... go",
        "(|the) load balancer",
        "(canary|go) (|the) plan",
        "load balancer status",
        "(rollback|error budget) ... (go|no go)",
    ],
)
def test_pair_and_run_phrases_match_the_general_search(source: str):
    rng = random.Random(source)
    vocabulary = ["canary", "canari", "plan", "plans", "roll", "back", "rollback", "status", "pages", "error", "budget"]
    vocabulary += ["load", "balancer", "no", "go", "call", "the", "a", "nogo"]
    # Written out: a start where two choices match with different lengths ("roll back" as `rollback`).
    written = "we roll back back then, roll back and back. a canary plan plans go no go. error budget plan"
    answers = [written] + [
        "".join(rng.choice(vocabulary) + rng.choice([" ", " ", ", ", ". ", "\n"]) for _ in range(size))
        for size in (5, 40, 400)
    ]
    for answer in answers:
        index = AnswerIndex(tokenize(answer), 86, 1, 4, answer)
        for phrase in compile_phrases(source):
            expected = _found_by_general_search(index, phrase, 86)
            assert [(m.positions, m.start, m.end) for m in index.find(phrase)] == expected


def test_pair_phrase_spends_the_general_search_budget():
    # 30,000 starts of a two-word phrase that never completes: both stop after the same number of starts.
    answer = " ".join(["canary"] * 30_000) + " plan"
    index = AnswerIndex(tokenize(answer), 86, 1, 4, answer)
    phrase = compile_phrase("canary ... plan")
    assert phrase.pair
    assert [(m.positions, m.start, m.end) for m in index.find(phrase)] == _found_by_general_search(index, phrase, 86)


# -- tokens, overlaps and transitions read in bulk -----------------------------------------------------------


def test_words_first_token_pattern_finds_the_same_pieces():
    # The token pattern tries words first; its kinds start with different characters, so the pieces found
    # are those of the same pattern with words tried third (as it was written before).
    pattern = text._TOKEN_RE.pattern
    word = r"(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)"
    assert pattern.startswith(word)
    rest = pattern[len(word) + 1 :].split("|(?P<number>", 1)
    reordered = re.compile(
        rest[0] + "|(?P<number>" + rest[1].replace("|(?P<paragraph>", "|" + word + "|(?P<paragraph>", 1)
    )
    assert reordered.pattern != pattern and len(reordered.pattern) == len(pattern)
    rng = random.Random(3)
    pieces = [
        "10",
        "3:1",
        "1.5m",
        "20%",
        "we",
        "don't",
        "ça",
        "x2",
        " ",
        ",",
        ".",
        "\n",
        "\n\n",
        "\n- ",
        " - ",
        "—",
        "k",
    ]
    for _ in range(2000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15)))
        found = [(piece.lastgroup, piece.span()) for piece in text._TOKEN_RE.finditer(sample)]
        assert found == [(piece.lastgroup, piece.span()) for piece in reordered.finditer(sample)]


def _resolve_by_claiming_every_word(candidates, counts):
    """The plain version `_resolve_overlaps` stands in for: every accepted match claims its words until
    its concept counts, uncontested or not."""
    shared: set[int] = set()
    seen: set[int] = set()
    for matches in candidates.values():
        claimed = {position for match in matches for position in match.positions}
        shared |= seen & claimed
        seen |= claimed
    pairs = [(match, concept_id) for concept_id, matches in candidates.items() for match in matches]
    order = sorted(
        range(len(pairs)),
        key=lambda rank: (
            not shared.isdisjoint(pairs[rank][0].positions),
            -len(pairs[rank][0].positions),
            pairs[rank][0].positions[0],
        ),
    )
    owner: dict[int, str] = {}
    accepted: dict[str, list] = {concept_id: [] for concept_id in candidates}
    satisfied: set[str] = set()
    for rank in order:
        match, concept_id = pairs[rank]
        if any(owner.get(position, concept_id) != concept_id for position in match.positions):
            continue
        accepted[concept_id].append(match)
        if concept_id in satisfied:
            continue
        for position in match.positions:
            owner[position] = concept_id
        if counts(concept_id, match):
            satisfied.add(concept_id)
    for matches in accepted.values():
        matches.sort(key=lambda match: match.start)
    return accepted


def test_overlap_resolution_matches_claiming_every_word():
    from tpm_trainer.scoring.match import Match
    from tpm_trainer.scoring.score import _resolve_overlaps

    phrase = compile_phrase("canary")
    rng = random.Random(5)
    for _ in range(500):
        candidates = {}
        for concept in range(rng.randint(1, 6)):
            matches = []
            for _ in range(rng.randint(0, 6)):
                first = rng.randrange(40)
                positions = tuple(sorted({first, *(first + rng.randint(1, 4) for _ in range(rng.randint(0, 2)))}))
                matches.append(Match(phrase, positions, positions[0] * 10, positions[-1] * 10 + 5))
            candidates[f"c{concept}"] = matches
        negated = {
            (concept_id, match) for concept_id, matches in candidates.items() for match in matches if rng.random() < 0.4
        }

        def counts(concept_id, match, negated=negated):
            return (concept_id, match) not in negated

        assert _resolve_overlaps(candidates, counts) == _resolve_by_claiming_every_word(candidates, counts)


def test_transitions_are_judged_in_bulk_as_pair_by_pair():
    from tpm_trainer.scoring.nonanswer import INCOHERENT_SHARE, MIN_IMPLAUSIBLE, MIN_TRANSITIONS, incoherent
    from tpm_trainer.scoring.wordclasses import implausible_pair

    words = [
        "the",
        "of",
        "a",
        "would",
        "we",
        "to",
        "and",
        "in",
        "staging",
        "canary,",
        "rollback.",
        "they",
        "the",
        "would",
        "of",
    ]
    rng = random.Random(9)
    for _ in range(200):
        sample = " ".join(rng.choice(words) for _ in range(rng.randint(5, 80)))
        tokens = tokenize(sample)
        verdicts = [
            implausible_pair(first.norm, second.norm)
            for first, second in zip(tokens, tokens[1:], strict=False)
            if first.clause == second.clause
        ]
        judged = sum(verdict is not None for verdict in verdicts)
        implausible = sum(verdict is True for verdict in verdicts)
        finding = incoherent(tokens)
        flagged = (
            judged >= MIN_TRANSITIONS
            and implausible / max(judged, 1) >= INCOHERENT_SHARE
            and implausible >= MIN_IMPLAUSIBLE
        )
        assert (finding is not None) == flagged
        if finding is not None:
            assert f"{implausible} of {judged} transitions" in finding.reason


def test_stance_marks_read_by_distinct_word_match_the_token_by_token_reading():
    from tpm_trainer.scoring import stance

    def may_negate(norm: str, following: str) -> bool:
        """The plain per-token reading the distinct-word one stands in for."""
        word = norm.replace("'", "")
        return word in stance.NEGATORS or norm.endswith("n't") or (word, following) in stance.NEGATING_PAIRS

    words = ["not", "no", "need", "instead", "of", "rather", "than", "in", "place", "don't", "wouldn't", "skip"]
    words += ["none", "neither", "we", "i", "canary", "overkill", "never", "lack", "get", "rid", "unlike", "is"]
    words += ["rollback", "a", "the", "opposed", "to", "without", "not", "needed", "do", "away", "free", "from"]
    rng = random.Random(11)
    for _ in range(500):
        norms = [rng.choice(words) for _ in range(rng.randint(0, 40))]
        marks = stance._Marks(norms, list(range(len(norms))), list(range(len(norms))), stance._places(norms))
        following = norms[1:] + [""]
        everywhere = range(len(norms))
        assert marks.negations == [i for i in everywhere if may_negate(norms[i], following[i])]
        assert marks.dismissals == [i for i in everywhere if stance._may_dismiss(norms[i])]
        assert marks.none_of == [i for i in everywhere if norms[i] in ("none", "neither") and following[i] == "of"]


def test_depth_and_elaboration_read_only_a_matchs_positions():
    # `AnswerIndex.per_span` remembers them by positions: matches of other phrases on the same words, with
    # other offsets, must be judged alike.
    from tpm_trainer.scoring import depth, elaboration
    from tpm_trainer.scoring.match import Match

    answer = (
        "We would roll out the canary to 5% of hosts because errors show early. Canary, staging, waves. "
        "Then the canary plan covers rollback, so we can stop it. A canary."
    )
    index = AnswerIndex(tokenize(answer), 86, 1, 4, answer)
    phrases = [compile_phrase("canary"), compile_phrase("canary*"), compile_phrase("canary ... plan")]
    rng = random.Random(2)
    for _ in range(300):
        first = rng.randrange(len(index.tokens))
        positions = tuple(sorted({first, *(min(first + rng.randint(1, 3), len(index.tokens) - 1) for _ in range(2))}))
        variants = [Match(phrase, positions, rng.randrange(200), rng.randrange(200)) for phrase in phrases]
        for check in (depth.assess, elaboration.explained_by):
            verdicts = {repr(check(index, match)) for match in variants}
            assert len(verdicts) == 1
            assert index.per_span(check, variants[1]) == check(index, variants[0])


def test_stray_capitals_match_the_lookbehind_pattern():
    from tpm_trainer.scoring import nonanswer

    # The plain version: one pattern whose lookbehind checks the character before the spaces.
    words = "|".join(
        sorted((word.capitalize() for word in nonanswer._SENTENCE_STARTERS if len(word) > 1), key=len, reverse=True)
    )
    plain = re.compile(r"(?:(?<=[^\W_])|(?<=,))[ \t]+(?:" + words + r")(?![^\W\d_]*[A-Z])\b")
    pieces = ["The", "We", "If", "Then", "ThE", "Theory", "the", "we", " ", "  ", "\t", ",", ".", "\n", "x", "é", "_"]
    pieces += ["2", "a", "TheX", "Ifs", "-", "Our", "I"]
    rng = random.Random(4)
    for _ in range(3000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        assert nonanswer._stray_capitals([], sample) == len(plain.findall(sample)), sample


def test_ascii_token_pattern_finds_the_same_pieces_in_ascii_text():
    # Plain ranges stand in for the Unicode classes only where the text is all ASCII.
    assert text._ASCII_TOKEN_RE.pattern != text._TOKEN_RE.pattern
    pieces = ["we", "Don't", "x_y", "10", "3:1", "1.5 m", "20%", "2bn", " ", "\t", "\n", "\n\n", "\n- ", "\n1. "]
    pieces += [" - ", " -- ", ",", ".", "!", ";", "'", "_", "k", "\x0b", "\x0c", "\r", "\x1c", "\x1f", "\x7f", "*"]
    rng = random.Random(6)
    for _ in range(3000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 15)))
        if rng.random() < 0.3:
            sample += "".join(chr(rng.randrange(128)) for _ in range(rng.randint(1, 10)))
        assert sample.isascii()
        expected = [(piece.lastgroup, piece.span()) for piece in text._TOKEN_RE.finditer(sample)]
        assert [(piece.lastgroup, piece.span()) for piece in text._ASCII_TOKEN_RE.finditer(sample)] == expected


def test_inverted_index_by_word_form_matches_reading_token_by_token():
    from tpm_trainer.scoring.columns import columns_of
    from tpm_trainer.scoring.match import _by_stem, _inverted_by_token

    pieces = ["roll", "rolling", "rolled", "rolls", "Roll", "we", "3:1", "10", "10k", "twenty", "five", "percent"]
    pieces += ["thousand", "20%", "one", "but", "canary", "canaries", "per", "cent", "1.5m", "forty", "x2"]
    rng = random.Random(8)
    for _ in range(500):
        sample = "".join(rng.choice(pieces) + rng.choice([" ", " ", ", ", ". "]) for _ in range(rng.randint(0, 30)))
        tokens = tokenize(sample)
        columns = columns_of(tokens)
        expected_stem, expected_form, expected_numbers = _inverted_by_token(tokens)
        assert _by_stem(tokens, columns) == dict(expected_stem)
        assert (dict(columns.forms), columns.numbers) == (dict(expected_form), expected_numbers)
        assert list(columns.forms) == list(expected_form)  # the spelling candidates read the forms in this order
        assert columns.norms == [token.norm for token in tokens]
        assert (columns.clauses, columns.sentences) == ([t.clause for t in tokens], [t.sentence for t in tokens])
    # A number and a word with the same form (never made by the tokeniser) are read token by token.
    clash = [Token("10", "10", 0, 2, 0, True, 0), Token("10", "10", 3, 5, 0, False, 0)]
    assert dict(columns_of(clash).forms) == {"10": [1]}
    assert _by_stem(clash, columns_of(clash)) == {"10": [0, 1]}


def test_word_counts_by_distinct_form_match_counting_every_token():
    from tpm_trainer.scoring.columns import columns_of
    from tpm_trainer.scoring.elaboration import ANSWER_SIGNALS, specificity
    from tpm_trainer.scoring.wordclasses import FUNCTION_WORDS

    pieces = ["the", "of", "because", "by", "10", "20%", "so", "we", "canary", "three", "if", "cost", "Using", "and"]
    rng = random.Random(12)
    for _ in range(300):
        sample = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        tokens = tokenize(sample)
        columns = columns_of(tokens)
        words = [token for token in tokens if not token.is_number]
        assert columns.count(FUNCTION_WORDS) == sum(token.norm in FUNCTION_WORDS for token in words)
        signals = sum(token.norm in ANSWER_SIGNALS for token in tokens)
        assert specificity(tokens) == (len(tokens), sum(token.is_number for token in tokens), signals)


def test_ascii_word_count_pattern_counts_the_same_words():
    assert text._ASCII_WORD_COUNT_RE.pattern != text._WORD_COUNT_RE.pattern
    rng = random.Random(13)
    for _ in range(2000):
        sample = "".join(chr(rng.randrange(128)) for _ in range(rng.randint(0, 30)))
        sample += rng.choice(["don't", "x_1", "'a'", "a''b", ""])
        assert text._ASCII_WORD_COUNT_RE.findall(sample) == text._WORD_COUNT_RE.findall(sample)


def test_marked_positions_match_the_token_scan():
    rng = random.Random(14)
    pieces = ["because", "by", "10", "20%", "so", "we", "canary", "three", "if", "using", "and", "the"]
    for _ in range(300):
        sample = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        tokens = tokenize(sample)
        index = AnswerIndex(tokens, 86, 1, 4, sample)
        words = frozenset(rng.sample(pieces, 4))
        expected = [i for i, token in enumerate(tokens) if token.norm in words or token.is_number]
        assert index.marked(words) == expected
