"""score_answer: the rubric-coverage scorer. A pure function of (answer, rubric)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from ..models import (
    Concept,
    ConceptResult,
    Evidence,
    GroupResult,
    RedFlagResult,
    Rubric,
    ScoreReport,
    Scoring,
    Structure,
)
from .match import AnswerIndex, Match
from .phrases import CompiledPhrase, compile_phrases
from .structure import structure_concepts
from .text import sentence_around, tokenize, word_count

SCORER_VERSION = "1.4"
"""Bumped whenever a change to the algorithm can change a score; stored with every attempt."""
MAX_NEGATED_SHOWN = 3


def rubric_hash(rubric: Rubric) -> str:
    """A short SHA-256 of the rubric's content (not its file formatting)."""
    canonical = json.dumps(rubric.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class _CompiledItem:
    id: str
    phrases: tuple[CompiledPhrase, ...]
    threshold: int | None
    negation: bool
    unless: tuple[CompiledPhrase, ...] = ()


@dataclass(frozen=True)
class CompiledRubric:
    """A rubric with every phrase compiled, cached by content hash."""

    rubric: Rubric
    hash: str
    concepts: tuple[_CompiledItem, ...]
    structure: tuple[tuple[_CompiledItem, Concept], ...]
    red_flags: tuple[_CompiledItem, ...]


def _compile_phrases(phrases) -> tuple[CompiledPhrase, ...]:
    compiled = []
    for phrase in phrases:
        if isinstance(phrase, str):
            compiled.extend(compile_phrases(phrase))
        else:
            compiled.extend(compile_phrases(phrase.text, phrase.threshold, phrase.slack))
    return tuple(compiled)


_CACHE: OrderedDict[str, CompiledRubric] = OrderedDict()
_CACHE_SIZE = 512


def compile_rubric(rubric: Rubric) -> CompiledRubric:
    """Compile every phrase of `rubric` (raises PhraseSyntaxError on a bad phrase)."""
    digest = rubric_hash(rubric)
    cached = _CACHE.get(digest)
    if cached is not None:
        _CACHE.move_to_end(digest)
        return cached
    negation = rubric.matching.negation
    concepts = tuple(
        _CompiledItem(
            concept.id,
            _compile_phrases(concept.phrases),
            concept.threshold,
            negation if concept.negation is None else concept.negation,
            _compile_phrases(concept.unless),
        )
        for concept in rubric.concepts
    )
    structure = tuple(
        (_CompiledItem(name, _compile_phrases(concept.phrases), concept.threshold, False), concept)
        for name, concept in structure_concepts(rubric.structure.enabled())
    )
    red_flags = tuple(
        _CompiledItem(flag.id, _compile_phrases(flag.phrases), flag.threshold, negation) for flag in rubric.red_flags
    )
    compiled = CompiledRubric(rubric, digest, concepts, structure, red_flags)
    _CACHE[digest] = compiled
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return compiled


def _find_all(index: AnswerIndex, item: _CompiledItem) -> list[Match]:
    matches: list[Match] = []
    for phrase in item.phrases:
        matches.extend(index.find(phrase, item.threshold))
    return matches


def _resolve_overlaps(
    candidates: dict[str, list[Match]], counts: Callable[[str, Match], bool]
) -> dict[str, list[Match]]:
    """Each answer word counts towards one concept only: longer matches claim their words first.

    Once a concept has a match that counts (`counts`: not negated), its further mentions claim no
    words: a concept counts once, so a second mention must not take words another concept needs
    ("a decision record comparing the options" is documentation *and* options considered).
    """
    ranked = sorted(
        ((match, concept_id) for concept_id, matches in candidates.items() for match in matches),
        key=lambda pair: (-len(pair[0].positions), pair[0].first),
    )
    owner: dict[int, str] = {}
    accepted: dict[str, list[Match]] = {concept_id: [] for concept_id in candidates}
    satisfied: set[str] = set()
    for match, concept_id in ranked:
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
        matches.sort(key=lambda match: match.first)
    return accepted


def _evidence(answer: str, match: Match) -> Evidence:
    return Evidence(
        phrase=match.phrase.source,
        text=answer[match.start : match.end],
        span=(match.start, match.end),
        sentence=sentence_around(answer, match.start, match.end),
    )


def _negated(index: AnswerIndex, item: _CompiledItem, match: Match) -> bool:
    """Whether `match` is set aside as negated (only where the item has negation on)."""
    return item.negation and index.is_negated(match.first)


def _split_negated(index: AnswerIndex, item: _CompiledItem, matches: list[Match]) -> tuple[list[Match], list[Match]]:
    positive, negated = [], []
    for match in matches:
        (negated if _negated(index, item, match) else positive).append(match)
    return positive, negated


def _quote(answer: str, match: Match) -> str:
    return "\u201c" + " ".join(answer[match.start : match.end].split()) + "\u201d"


def _overrule(
    answer: str, index: AnswerIndex, compiled: CompiledRubric, rubric: Rubric, positives: dict[str, list[Match]]
) -> dict[str, str]:
    """Concepts whose matches do not count, each with the reason: contradicted by an `unless` phrase,
    an option of a `choose_one` group the answer did not choose first, or missing a `requires` concept."""
    notes: dict[str, str] = {}
    for item in compiled.concepts:
        if not positives[item.id] or not item.unless:
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
            if not concept.requires or concept_id in notes or not positives[concept_id]:
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


def _cap_band(rubric: Rubric, band: str) -> tuple[str, bool]:
    """Lower `band` to the required-concept cap when it is above it."""
    labels = [b.label for b in rubric.bands]
    cap = rubric.required_cap or labels[min(1, len(labels) - 1)]
    if labels.index(band) < labels.index(cap):
        return cap, True
    return band, False


def _rule_points(rubric: Rubric, hit_ids: set[str], group_hits: dict[str, int]) -> float:
    for rule in rubric.scoring.rules:
        if all(
            (group_hits[key] if key in group_hits else int(key in hit_ids)) >= need for key, need in rule.when.items()
        ):
            return rule.points
    return 0.0


def score_answer(answer: str, rubric: Rubric) -> ScoreReport:
    """Score `answer` against `rubric` and explain the result.

    Deterministic and linear in the answer's length. Never raises for any answer text; raises
    PhraseSyntaxError only for a rubric whose phrases cannot be compiled (the bank rejects those).
    """
    compiled = compile_rubric(rubric)
    matching = rubric.matching
    tokens = tokenize(answer)
    index = AnswerIndex(tokens, matching.threshold, matching.slack, matching.gap, answer)

    candidates = {item.id: _find_all(index, item) for item in compiled.concepts}
    items = {item.id: item for item in compiled.concepts}
    accepted = _resolve_overlaps(candidates, lambda concept_id, match: not _negated(index, items[concept_id], match))

    positives: dict[str, list[Match]] = {}
    negations: dict[str, list[Match]] = {}
    for item in compiled.concepts:
        positives[item.id], negations[item.id] = _split_negated(index, item, accepted[item.id])
    notes = _overrule(answer, index, compiled, rubric, positives)

    results: list[ConceptResult] = []
    hit_ids: set[str] = set()
    for item, concept in zip(compiled.concepts, rubric.concepts, strict=True):
        positive = [] if item.id in notes else positives[item.id]
        result = _concept_result(answer, concept, "concept", positive, negations[item.id])
        if item.id in notes:
            result.note = notes[item.id]
        results.append(result)
        if positive:
            hit_ids.add(concept.id)
    for item, concept in compiled.structure:
        positive = sorted(_find_all(index, item), key=lambda match: match.first)
        results.append(_concept_result(answer, concept, "structure", positive, []))
        if positive:
            hit_ids.add(concept.id)

    red_flags: list[RedFlagResult] = []
    for item, flag in zip(compiled.red_flags, rubric.red_flags, strict=True):
        positive, _ = _split_negated(index, item, sorted(_find_all(index, item), key=lambda match: match.first))
        if positive:
            red_flags.append(
                RedFlagResult(
                    id=flag.id,
                    label=flag.label,
                    penalty=flag.penalty,
                    evidence=_evidence(answer, positive[0]),
                    explanation=flag.explanation,
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
        points = sum(result.weight for result in results if result.hit)
    raw_score = 100.0 * points / max_points if max_points else 0.0
    score = round(min(100.0, max(0.0, raw_score - penalty)), 1)

    band = _band_for(rubric, score)
    capped = False
    if any(result.required and not result.hit for result in results):
        band, capped = _cap_band(rubric, band)

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
        concepts=results,
        groups=groups,
        red_flags=red_flags,
        penalty=penalty,
        word_count=word_count(answer),
    )


def _concept_result(
    answer: str, concept: Concept, kind: str, positive: list[Match], negated: list[Match]
) -> ConceptResult:
    hit = bool(positive)
    return ConceptResult(
        id=concept.id,
        label=concept.label,
        kind=kind,
        weight=concept.weight,
        required=concept.required,
        hit=hit,
        evidence=_evidence(answer, positive[0]) if hit else None,
        negated=[_evidence(answer, match) for match in negated[:MAX_NEGATED_SHOWN]],
        hint="" if hit else concept.hint,
        probe="" if hit else concept.probe,
    )


def follow_up_rubric(rubric: Rubric, main_report: ScoreReport) -> Rubric:
    """The rubric a follow-up answer is graded on: the concepts the main answer missed.

    A follow-up is a second chance at what was missing, so covering those concepts is what counts;
    structure checks, groups and count rules belong to the main answer and are left out. When the
    main answer missed nothing, the whole rubric applies.
    """
    missed = {concept.id for concept in main_report.misses if concept.kind == "concept"}
    concepts = [concept.model_copy(update={"requires": []}) for concept in rubric.concepts if concept.id in missed]
    if not concepts:
        return rubric
    return rubric.model_copy(
        update={
            "concepts": concepts,
            "groups": [],
            "structure": Structure(),
            "scoring": Scoring(),
            "calibration": [],
        }
    )


def score_follow_up(answer: str, rubric: Rubric, main_report: ScoreReport | None) -> ScoreReport:
    """Score a follow-up answer on what the main answer missed (the whole rubric without a main report)."""
    if main_report is None:
        return score_answer(answer, rubric)
    return score_answer(answer, follow_up_rubric(rubric, main_report))
