"""Rubrics compiled for matching: every phrase compiled once (the cache lives in `score`)."""

from __future__ import annotations

import hashlib
import json
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


def build_compiled(rubric: Rubric, digest: str) -> CompiledRubric:
    """Compile every phrase of `rubric` (raises PhraseSyntaxError on a bad phrase); `score.compile_rubric`
    caches the result."""
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
        CompiledItem(
            flag.id,
            _compile_phrases(flag.phrases),
            flag.threshold,
            negation,
            not_with=_compile_phrases(flag.not_with),
            critique=True,
        )
        for flag in rubric.red_flags
    )
    return CompiledRubric(rubric, digest, concepts, structure, red_flags, _compile_phrases(rubric.anchors))


def find_all(index: AnswerIndex, item: CompiledItem) -> list[Match]:
    matches: list[Match] = []
    for phrase in item.phrases:
        matches.extend(index.find(phrase, item.threshold))
    return matches
