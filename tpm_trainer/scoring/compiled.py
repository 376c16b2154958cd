"""Rubrics compiled for matching: every phrase compiled once, cached by the rubric's content hash."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass

from ..models import Concept, Phrase, Rubric
from .match import AnswerIndex, Match
from .phrases import CompiledPhrase, compile_phrases
from .structure import structure_concepts


def rubric_hash(rubric: Rubric) -> str:
    """A short SHA-256 of the rubric's content (not its file formatting)."""
    canonical = json.dumps(rubric.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class CompiledItem:
    """A concept, structure check or red flag with its phrases compiled."""

    id: str
    phrases: tuple[CompiledPhrase, ...]
    threshold: int | None
    negation: bool
    unless: tuple[CompiledPhrase, ...] = ()
    not_with: tuple[CompiledPhrase, ...] = ()
    sentence_scope: bool = False
    critique: bool = False


@dataclass(frozen=True)
class CompiledRubric:
    """A rubric with every phrase compiled, cached by content hash."""

    rubric: Rubric
    hash: str
    concepts: tuple[CompiledItem, ...]
    structure: tuple[tuple[CompiledItem, Concept], ...]
    red_flags: tuple[CompiledItem, ...]
    anchors: tuple[CompiledPhrase, ...] = ()


def _compile_phrases(phrases: list[Phrase] | tuple[Phrase, ...]) -> tuple[CompiledPhrase, ...]:
    compiled: list[CompiledPhrase] = []
    for phrase in phrases:
        if isinstance(phrase, str):
            compiled.extend(compile_phrases(phrase))
        else:
            compiled.extend(compile_phrases(phrase.text, phrase.threshold, phrase.slack, phrase.gap))
    return tuple(compiled)


_CACHE: OrderedDict[str, CompiledRubric] = OrderedDict()
_CACHE_SIZE = 512
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
    """Compile every phrase of `rubric` (raises PhraseSyntaxError on a bad phrase)."""
    # Rubrics are frozen: the same object always has the same content, so its hash is looked up by
    # identity first (hashing a rubric's content costs as much as scoring a short answer).
    known = _BY_OBJECT.get(id(rubric))
    if known is not None and known.rubric is rubric:
        return known
    digest = rubric_hash(rubric)
    cached = _CACHE.get(digest)
    if cached is not None:
        _remember(rubric, cached)
    if cached is not None:
        _CACHE.move_to_end(digest)
        return cached
    negation = rubric.matching.negation
    concepts = tuple(
        CompiledItem(
            concept.id,
            _compile_phrases(concept.phrases),
            concept.threshold,
            negation if concept.negation is None else concept.negation,
            _compile_phrases(concept.unless),
            _compile_phrases(concept.not_with),
            concept.scope == "sentence",
        )
        for concept in rubric.concepts
    )
    structure = tuple(
        (
            CompiledItem(
                name,
                _compile_phrases(concept.phrases),
                concept.threshold,
                False,
                not_with=_compile_phrases(concept.not_with),
            ),
            concept,
        )
        for name, concept in structure_concepts(rubric.structure.enabled())
    )
    red_flags = tuple(
        CompiledItem(flag.id, _compile_phrases(flag.phrases), flag.threshold, negation, critique=True)
        for flag in rubric.red_flags
    )
    compiled = CompiledRubric(rubric, digest, concepts, structure, red_flags, _compile_phrases(rubric.anchors))
    _CACHE[digest] = compiled
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    _remember(rubric, compiled)
    return compiled


def find_all(index: AnswerIndex, item: CompiledItem) -> list[Match]:
    matches: list[Match] = []
    for phrase in item.phrases:
        matches.extend(index.find(phrase, item.threshold))
    return matches
