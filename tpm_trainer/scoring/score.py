"""score_answer: the rubric-coverage scorer. A pure function of (answer, rubric, optional question)."""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from itertools import chain
from operator import attrgetter, itemgetter, neg, not_
from typing import Literal

from ..models import (
    Concept,
    ConceptResult,
    Evidence,
    GroupResult,
    Question,
    RedFlagResult,
    Rubric,
    ScoreReport,
)
from . import depth, elaboration
from .caps import band_index, cap_score, caps_for, covered_share
from .compiled import CompiledItem, CompiledRubric, build_compiled, find_all, rubric_hash
from .described import DESCRIBED_MIN_WORDS, credit_described
from .match import AnswerIndex, Match
from .phrases import CompiledPhrase
from .text import sentence_around, tokenize, word_count
from .topics import TopicIndex

__all__ = ["SCORER_VERSION", "CompiledRubric", "compile_rubric", "rubric_hash", "score_answer"]

SCORER_VERSION = "2.9"
"""Bumped whenever a change to the algorithm can change a score; stored with every attempt."""
MAX_NEGATED_SHOWN = 3
MAX_POSITIVES_KEPT = 16
"""Matches that count kept per concept (the first is the evidence; later ones stand in when a sentence
condition or the depth check sets an earlier one aside)."""
MAX_NEGATED_KEPT = 64
"""Negated matches kept per concept (three are shown); bounded so a long answer costs linear time."""

_CACHE: OrderedDict[str, CompiledRubric] = OrderedDict()
_CACHE_SIZE = 512
"""Compiled rubrics kept, by content hash (re-scoring widens it for a run over many rubrics)."""
_BY_OBJECT: OrderedDict[int, CompiledRubric] = OrderedDict()


def _remember(rubric: Rubric, compiled: CompiledRubric) -> None:
    """Index `compiled` by the identity of the rubric object it was asked for (bounded like the cache)."""
    if compiled.rubric is not rubric:
        compiled = CompiledRubric(
            rubric, compiled.hash, compiled.concepts, compiled.structure, compiled.red_flags, compiled.anchors
        )
    _BY_OBJECT[id(rubric)] = compiled
    if len(_BY_OBJECT) > _CACHE_SIZE:
        _BY_OBJECT.popitem(last=False)


def compile_rubric(rubric: Rubric) -> CompiledRubric:
    """Compile every phrase of `rubric` (raises PhraseSyntaxError on a bad phrase), cached by content."""
    # Rubrics are frozen: the same object always has the same content, so it is looked up by identity
    # first (hashing a rubric's content costs as much as scoring a short answer).
    known = _BY_OBJECT.get(id(rubric))
    if known is not None and known.rubric is rubric:
        return known
    digest = rubric_hash(rubric)
    compiled = _CACHE.get(digest)
    if compiled is not None:
        _CACHE.move_to_end(digest)
    else:
        compiled = _CACHE[digest] = build_compiled(rubric, digest)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    _remember(rubric, compiled)
    return compiled


def _resolve_overlaps(
    candidates: dict[str, list[Match]], counts: Callable[[str, Match], bool]
) -> dict[str, list[Match]]:
    """Each answer word counts towards one concept only: longer matches claim their words first.

    Once a concept has a match that counts (`counts`: not negated), its further mentions claim no
    words: a concept counts once, so a second mention must not take words another concept needs
    ("a decision record comparing the options" is documentation *and* options considered). Matches that
    share no word with another concept's match go first, so a concept already shown elsewhere does not
    take a contested word from one that needs it ("halt and roll back" is monitoring's *and* rollback's).
    """
    # Positions claimed by more than one concept (set operations per concept, not per position).
    seen: set[int] = set()
    shared: set[int] = set()
    for matches in candidates.values():
        claimed = set(chain.from_iterable(map(_POSITIONS, matches)))
        shared |= seen & claimed
        seen |= claimed
    pairs = [(match, concept_id) for concept_id, matches in candidates.items() for match in matches]
    spans = list(map(_POSITIONS, map(_MATCH_OF, pairs)))
    # Sort keys built in bulk: (contested, longer first, earlier first); the sort is stable, as before.
    keys = list(
        zip(
            map(not_, map(shared.isdisjoint, spans)),
            map(neg, map(len, spans)),
            map(_FIRST_OF, spans),
            strict=True,
        )
    )
    owner: dict[int, str] = {}
    accepted: dict[str, list[Match]] = {concept_id: [] for concept_id in candidates}
    satisfied: set[str] = set()
    ranks = sorted(range(len(pairs)), key=keys.__getitem__)
    # Uncontested matches sort first, and no other concept's match holds their words: each is accepted,
    # and the words it would claim are never asked about by another concept.
    uncontested = sum(map(not_, map(_CONTESTED, keys)))
    for rank in ranks[:uncontested]:
        match, concept_id = pairs[rank]
        accepted[concept_id].append(match)
        if concept_id not in satisfied and counts(concept_id, match):
            satisfied.add(concept_id)
    for rank in ranks[uncontested:]:
        match, concept_id = pairs[rank]
        taken = False
        for position in spans[rank]:
            holder = owner.get(position)
            if holder is not None and holder != concept_id:
                taken = True
                break
        if taken:
            continue
        accepted[concept_id].append(match)
        if concept_id in satisfied:
            continue
        for position in spans[rank]:
            owner[position] = concept_id
        if counts(concept_id, match):
            satisfied.add(concept_id)
    for matches in accepted.values():
        matches.sort(key=_START)  # answer order: a later token starts later
    return accepted


_POSITIONS = attrgetter("positions")
_MATCH_OF = itemgetter(0)
_FIRST_OF = itemgetter(0)
_CONTESTED = itemgetter(0)
_START = attrgetter("start")


def _evidence(answer: str, match: Match) -> Evidence:
    return Evidence(
        phrase=match.phrase.source,
        text=answer[match.start : match.end],
        span=(match.start, match.end),
        sentence=sentence_around(answer, match.start, match.end),
    )


def _negated(index: AnswerIndex, item: CompiledItem, match: Match) -> bool:
    """Whether `match` is set aside as negated (only where the item has negation on); a red flag is also
    set aside when the answer criticises it."""
    return item.negation and index.stance.is_rejected(match, item.critique)


def _split_negated(
    index: AnswerIndex, item: CompiledItem, matches: list[Match], enough: int = MAX_POSITIVES_KEPT
) -> tuple[list[Match], list[Match]]:
    """The matches that count and those negated, in answer order. A concept counts once, so the search
    stops after `enough` matches that count: the work per concept stays bounded on very long answers."""
    if not item.negation:
        return matches[:enough], []
    rejected = index.stance.is_rejected  # `_negated`, with the item's fields read once
    critique = item.critique
    positive: list[Match] = []
    negated: list[Match] = []
    for match in matches:
        if rejected(match, critique):
            if len(negated) < MAX_NEGATED_KEPT:
                negated.append(match)
            continue
        positive.append(match)
        if len(positive) >= enough:
            break
    return positive, negated


def _quote(answer: str, match: Match) -> str:
    return "\u201c" + " ".join(answer[match.start : match.end].split()) + "\u201d"


def _blocking_sentences(
    index: AnswerIndex, item: CompiledItem, blockers: tuple[CompiledPhrase, ...]
) -> dict[int, Match]:
    """Sentence number -> the first match of a blocking phrase there (`not_with`, or a sentence-scoped
    `unless`) that is not itself negated."""
    blocked: dict[int, Match] = {}
    for phrase in blockers:
        for found in index.find(phrase, item.threshold):
            if not _negated(index, item, found):
                blocked.setdefault(index.sentences[found.first], found)
    return blocked


def _sentence_conditions(
    answer: str, index: AnswerIndex, compiled: CompiledRubric, rubric: Rubric, positives: dict[str, list[Match]]
) -> dict[str, str]:
    """Drop matches that fail a sentence-scoped condition (`not_with`; `unless` and `requires` under
    `scope: sentence`). Returns a note for every concept left with no match because of them."""
    notes: dict[str, str] = {}
    requires = {concept.id: concept.requires for concept in rubric.concepts}
    for item in compiled.concepts:
        if not positives[item.id]:
            continue
        blockers = item.not_with + (item.unless if item.sentence_scope else ())
        blocked = _blocking_sentences(index, item, blockers)
        kept: list[Match] = []
        reason = ""
        for match in positives[item.id]:
            sentence = index.sentences[match.positions[0]]
            if sentence in blocked:
                reason = f"not counted next to {_quote(answer, blocked[sentence])}"
                continue
            if item.sentence_scope and requires[item.id]:
                partners = {index.tokens[other.first].sentence for cid in requires[item.id] for other in positives[cid]}
                if sentence not in partners:
                    needed = ", ".join(f"`{other}`" for other in requires[item.id])
                    reason = f"counts only in the same sentence as {needed}"
                    continue
            kept.append(match)
        positives[item.id] = kept
        if not kept:
            notes[item.id] = reason
    return notes


def _overrule(
    answer: str, index: AnswerIndex, compiled: CompiledRubric, rubric: Rubric, positives: dict[str, list[Match]]
) -> dict[str, str]:
    """Concepts whose matches do not count, each with the reason: contradicted by an `unless` phrase,
    an option of a `choose_one` group the answer did not choose first, or missing a `requires` concept."""
    notes = _sentence_conditions(answer, index, compiled, rubric, positives)
    for item in compiled.concepts:
        if not positives[item.id] or not item.unless or item.sentence_scope:
            continue
        for phrase in item.unless:
            found = [match for match in index.find(phrase, item.threshold) if not _negated(index, item, match)]
            if found:
                notes[item.id] = f"contradicted by {_quote(answer, found[0])}"
                break
    for group in rubric.groups:
        if not group.choose_one:
            continue
        options = [cid for cid in group.concepts if positives[cid] and cid not in notes]
        if len(options) < 2:
            continue
        chosen = min(options, key=lambda cid: positives[cid][0].first)
        for cid in options:
            if cid != chosen:
                notes[cid] = f"not the chosen option: the answer chose {_quote(answer, positives[chosen][0])} first"
    concepts = {concept.id: concept for concept in rubric.concepts}
    changed = True
    while changed:  # a concept dropped here may be what another one requires
        changed = False
        for concept_id, concept in concepts.items():
            if not concept.requires or concept_id in notes or not positives[concept_id] or concept.scope == "sentence":
                continue
            if not any(positives[other] and other not in notes for other in concept.requires):
                needed = ", ".join(f"`{other}`" for other in concept.requires)
                notes[concept_id] = f"counts only together with {needed}, which the answer does not cover"
                changed = True
    return notes


def _band_for(rubric: Rubric, score: float) -> str:
    for band in rubric.bands:  # sorted from highest min_score
        if score >= band.min_score:
            return band.label
    return rubric.bands[-1].label


def _rule_points(rubric: Rubric, hit_ids: set[str], group_hits: dict[str, int]) -> float:
    for rule in rubric.scoring.rules:
        if all(
            (group_hits[key] if key in group_hits else int(key in hit_ids)) >= need for key, need in rule.when.items()
        ):
            return rule.points
    return 0.0


def score_answer(
    answer: str, rubric: Rubric, question: Question | str | None = None, topics: TopicIndex | None = None
) -> ScoreReport:
    """Score `answer` against `rubric` and explain the result (see `_score_answer`).

    The cyclic garbage collector is paused while scoring: the answer's tokens are thousands of small
    tuples with no cycles, and collections triggered by creating them made time grow faster than the
    answer on very long pastes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _score_answer(answer, rubric, question, topics)
    finally:
        if was_enabled:
            gc.enable()


def _score_answer(
    answer: str,
    rubric: Rubric,
    question: Question | str | None = None,
    topics: TopicIndex | None = None,
    second_opinion: bool = True,
) -> ScoreReport:
    """Score `answer` against `rubric` and explain the result.

    `question` (the Question, or its prompt) lets the scorer check that the answer engages the
    question's scenario; without it only the rubric's own `anchors` are used. `topics` (the bank's
    `Bank.topics`) lets it see an answer written for another question of the bank. Deterministic and linear
    in the answer's length. Never raises for any answer text; raises PhraseSyntaxError only for a rubric
    whose phrases cannot be compiled (the bank rejects those). `second_opinion` lets an answer whose words lean
    to another question be scored against that question's rubric before it is called that one's answer.
    """
    compiled = compile_rubric(rubric)
    matching = rubric.matching
    tokens = tokenize(answer)
    index = AnswerIndex(tokens, matching.threshold, matching.slack, matching.gap, answer)

    candidates = {item.id: find_all(index, item) for item in compiled.concepts}
    items = {item.id: item for item in compiled.concepts}
    # Marker concepts (`shares_words`) keep every match and claim no words.
    markers = {concept.id for concept in rubric.concepts if concept.shares_words}
    claiming = {concept_id: matches for concept_id, matches in candidates.items() if concept_id not in markers}
    accepted = _resolve_overlaps(claiming, lambda concept_id, match: not _negated(index, items[concept_id], match))
    for concept_id in markers:
        accepted[concept_id] = sorted(candidates[concept_id], key=lambda match: match.first)

    positives: dict[str, list[Match]] = {}
    negations: dict[str, list[Match]] = {}
    for item in compiled.concepts:
        positives[item.id], negations[item.id] = _split_negated(index, item, accepted[item.id])
    notes = _overrule(answer, index, compiled, rubric, positives)

    mention_credit = matching.mention_credit
    results: list[ConceptResult] = []
    for item, concept in zip(compiled.concepts, rubric.concepts, strict=True):
        positive = [] if item.id in notes else positives[item.id]
        result = _concept_result(answer, index, concept, "concept", positive, negations[item.id], mention_credit)
        if item.id in notes:
            result.note = notes[item.id]
        results.append(result)
    for item, concept in compiled.structure:
        positive = sorted(find_all(index, item), key=lambda match: match.first)
        if item.not_with and positive:
            # Built-in checks drop only the match that starts where a weak wording does ("I helped").
            weak = {found.first for phrase in item.not_with for found in index.find(phrase, item.threshold)}
            positive = [match for match in positive if match.first not in weak]
        results.append(_concept_result(answer, index, concept, "structure", positive, [], 1.0))
    if topics is not None and mention_credit > 0 and len(tokens) >= DESCRIBED_MIN_WORDS:
        credit_described(answer, tokens, rubric.concepts, results, question, topics, mention_credit)
    hit_ids = {
        result.id
        for result in results
        if result.level == "used" or (result.level == "mentioned" and mention_credit > 0)
    }

    red_flags: list[RedFlagResult] = []
    for item, flag in zip(compiled.red_flags, rubric.red_flags, strict=True):
        found = sorted(find_all(index, item), key=lambda match: match.first)
        if item.not_with and found:
            # A red flag's negative condition: not counted in a sentence that also says one of these.
            blocked = _blocking_sentences(index, item, item.not_with)
            found = [match for match in found if index.sentences[match.first] not in blocked]
        positive, _ = _split_negated(index, item, found, enough=1)
        if positive:
            red_flags.append(
                RedFlagResult(
                    id=flag.id,
                    label=flag.label,
                    penalty=flag.penalty,
                    evidence=_evidence(answer, positive[0]),
                    explanation=flag.explanation,
                    severity=flag.severity,
                )
            )
    penalty = sum(flag.penalty for flag in red_flags)

    groups = [
        GroupResult(
            id=group.id,
            label=group.label,
            hits=[concept_id for concept_id in group.concepts if concept_id in hit_ids],
            need=group.need,
            met=sum(concept_id in hit_ids for concept_id in group.concepts) >= group.need,
        )
        for group in rubric.groups
    ]
    max_points = rubric.max_points
    if rubric.scoring.method == "rules":
        points = _rule_points(rubric, hit_ids, {group.id: len(group.hits) for group in groups})
    else:
        points = sum(result.credit for result in results)
    raw_score = 100.0 * points / max_points if max_points else 0.0
    score = round(min(100.0, max(0.0, raw_score - penalty)), 1)
    band = _band_for(rubric, score)

    coverage = None if not second_opinion else partial(_coverage, answer, topics)
    caps = caps_for(rubric, compiled, index, tokens, question, band, results, red_flags, topics, coverage)
    capped = False
    for cap in caps:
        if band_index(rubric, cap.band) > band_index(rubric, band):
            band, capped = cap.band, True
        if cap.kind != "required":
            score = cap_score(rubric, score, cap.band)

    return ScoreReport(
        question_id=rubric.question,
        rubric_version=rubric.version,
        rubric_hash=compiled.hash,
        scorer_version=SCORER_VERSION,
        score=score,
        points=round(points, 3),
        max_points=round(max_points, 3),
        band=band,
        band_capped=capped,
        caps=caps,
        concepts=results,
        groups=groups,
        red_flags=red_flags,
        penalty=penalty,
        word_count=word_count(answer),
    )


def _coverage(answer: str, topics: TopicIndex | None, question: Question, rubric: Rubric) -> float:
    """The share of `rubric`'s concept weight that `answer` earns, scored as the app scores (no second opinion
    of its own: one level deep)."""
    report = _score_answer(answer, rubric, question, topics, second_opinion=False)
    return covered_share(rubric, report.concepts)


def _concept_result(
    answer: str,
    index: AnswerIndex,
    concept: Concept,
    kind: Literal["concept", "structure"],
    positive: list[Match],
    negated: list[Match],
    mention_credit: float,
) -> ConceptResult:
    level: Literal["used", "mentioned", "rejected", "missed"] = "missed"
    why = ""
    evidence_match: Match | None = None
    share = 1.0
    if positive:
        if kind == "structure":
            level, why, evidence_match = "used", "", positive[0]
        else:
            level, why, evidence_match = "mentioned", "", positive[0]
            best: str = level
            for match in positive:
                found, reason, found_share = index.per_span(depth.assess, match)
                if found == "used" and (best != "used" or found_share > share):
                    level, why, evidence_match, share, best = "used", reason, match, found_share, "used"
                    if share == 1.0:
                        break
                if not why:
                    why = reason
    elif negated:
        level, why = "rejected", f"rejected: {_quote(answer, negated[0])} is negated or dismissed"
    explained = ""
    if kind == "concept" and evidence_match is not None:
        # Explained where the answer says how, why or with what effect at any place it covers the concept.
        ordered = [evidence_match] + [match for match in positive if match is not evidence_match]
        explained = next((said for match in ordered if (said := index.per_span(elaboration.explained_by, match))), "")
        why = (
            f"{why}; explained: {explained}"
            if explained
            else f"{why}; asserted, not explained (no how, why, effect, condition, number or example)"
        )
    if level == "used":
        credit = concept.weight * max(share, mention_credit)
    else:
        credit = concept.weight * mention_credit if level == "mentioned" else 0.0
    hit = level in ("used", "mentioned")
    return ConceptResult(
        id=concept.id,
        label=concept.label,
        kind=kind,
        weight=concept.weight,
        required=concept.required,
        hit=hit,
        level=level,
        credit=round(credit, 3),
        why=why,
        explained=bool(explained),
        evidence=_evidence(answer, evidence_match) if evidence_match is not None else None,
        negated=[_evidence(answer, match) for match in negated[:MAX_NEGATED_SHOWN]],
        hint="" if level == "used" else concept.hint,
        probe="" if hit else concept.probe,
    )
