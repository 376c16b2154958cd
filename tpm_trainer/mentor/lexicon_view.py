"""What the shared lexicon adds to one rubric: per concept, the families it draws on (named in its
`families`, or found by its label's words) and those withheld, with the reason; the shared red flags
added to the rubric; whether word equivalents widen its phrases.

A mentor sees none of this in the rubric file, yet it decides what the scorer credits; `rubrics show`
prints it. Reads the rubric file as written (before expansion) and the bank's lexicon folders.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..bank import Bank
from ..lexicon import Lexicon, draws_automatic_families, family_choices, question_topic
from ..models import Rubric
from ..sources import Sources
from .lexicon_families import bank_lexicon


@dataclass(frozen=True)
class FamilyUse:
    """A family a concept draws on, or one its label names that it does not get."""

    id: str
    label: str
    added: bool
    reason: str


@dataclass(frozen=True)
class ConceptLexicon:
    """One concept's own phrases and what the lexicon adds to them."""

    id: str
    label: str
    own_phrases: int
    phrases_scored: int
    """Phrases the scorer matches: the concept's own plus its families' (repeats counted once)."""
    families: list[FamilyUse] = field(default_factory=list)
    automatic: bool = True
    """Whether the concept may gain the families its label names (off with `auto_families: false`, on the
    concept or the rubric, and for a concept that names its own `families`)."""


@dataclass(frozen=True)
class SharedFlag:
    id: str
    label: str
    severity: str
    added: bool
    reason: str


@dataclass(frozen=True)
class LexiconView:
    """The lexicon's part in one rubric."""

    question: str
    rubric_file: str
    concepts: list[ConceptLexicon]
    shared_red_flags: list[SharedFlag]
    equivalents: bool
    """Whether the rubric's phrases are widened with the lexicon's word equivalents."""
    equivalent_groups: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def lexicon_view(sources: Sources, bank: Bank, question_id: str) -> LexiconView | None:
    """The view for the rubric of `question_id` (None when the question has no rubric)."""
    from ..bank_loader import _load_file

    path = bank.rubric_files.get(question_id)
    scored = bank.rubric_for(question_id)
    if path is None or scored is None:
        return None
    loaded, _ = _load_file(path, Rubric, check_phrases=False)
    written = loaded if isinstance(loaded, Rubric) else scored
    lexicon = bank_lexicon(sources)
    return _view(path, written, scored, lexicon, question_topic(bank.questions.get(question_id)))


def _view(path: Path, written: Rubric, scored: Rubric, lexicon: Lexicon, topic: str) -> LexiconView:
    automatic = family_choices(written, lexicon, topic)
    phrase_counts = {concept.id: len(concept.phrases) for concept in scored.concepts}
    concepts: list[ConceptLexicon] = []
    for concept in written.concepts:
        uses: list[FamilyUse] = []
        if concept.families:
            for family_id in concept.families:
                family = lexicon.families.get(family_id)
                label = family.label if family is not None else "(unknown family)"
                uses.append(FamilyUse(family_id, label, family is not None, "named in `families`"))
        else:
            for choice in automatic.get(concept.id, []):
                family = lexicon.families[choice.family]
                uses.append(FamilyUse(choice.family, family.label, choice.added, choice.reason))
        concepts.append(
            ConceptLexicon(
                concept.id,
                concept.label,
                len(concept.phrases),
                phrase_counts.get(concept.id, 0),
                uses,
                draws_automatic_families(written, concept),
            )
        )
    own_flags = {flag.id for flag in written.red_flags}
    flags: list[SharedFlag] = []
    for flag_id, flag in lexicon.red_flags.items():
        if not written.matching.shared_red_flags:
            added, reason = False, "off: `matching.shared_red_flags: false`"
        elif flag_id in own_flags:
            added, reason = False, "replaced by the rubric's own red flag of this id"
        else:
            added, reason = True, "added"
        flags.append(SharedFlag(flag_id, flag.label, flag.severity, added, reason))
    return LexiconView(
        question=written.question,
        rubric_file=str(path),
        concepts=concepts,
        shared_red_flags=flags,
        equivalents=written.matching.equivalents and bool(lexicon.equivalents),
        equivalent_groups=len(lexicon.equivalents),
    )


def view_lines(view: LexiconView) -> list[str]:
    """The view as text lines for the terminal."""
    lines = [f"{view.rubric_file}: {view.question}", "concepts (own phrases -> phrases scored):"]
    for concept in view.concepts:
        lines.append(f"  {concept.id} ({concept.own_phrases} -> {concept.phrases_scored}): {concept.label}")
        if not concept.families:
            lines.append(
                "      no lexicon family: its label names none, and it names none in `families`"
                if concept.automatic
                else "      no lexicon family: `auto_families: false` keeps it to its own phrases"
            )
        for use in concept.families:
            mark = "+" if use.added else "-"
            lines.append(f"      {mark} {use.id} ({use.label}): {use.reason}")
    added = [flag for flag in view.shared_red_flags if flag.added]
    lines.append(f"shared red flags: {len(added)} of {len(view.shared_red_flags)} added")
    for flag in view.shared_red_flags:
        mark = "+" if flag.added else "-"
        lines.append(f"  {mark} {flag.id} [{flag.severity}] {flag.label}" + ("" if flag.added else f": {flag.reason}"))
    state = f"on ({view.equivalent_groups} groups)" if view.equivalents else "off"
    lines.append(f"word equivalents: {state}")
    return lines
