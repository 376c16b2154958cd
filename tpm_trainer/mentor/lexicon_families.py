"""Every lexicon family a rubric can draw on: its id, what it means, the terms that link a label to it, and
its phrases, optionally filtered by words.

A mentor writing a rubric cannot read the shipped `lexicon/` folder from an installed tool, yet naming a
family in `families: [...]`, or wording a label so that it links to one, needs its id and its sense;
`rubrics families` prints them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..lexicon import Lexicon, lexicon_dirs, load_lexicon, shipped_lexicon_dir
from ..sources import Sources


@dataclass(frozen=True)
class FamilyRow:
    """One family as listed."""

    id: str
    label: str
    terms: list[str]
    phrases: list[str]
    file: str
    note: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def bank_lexicon(sources: Sources) -> Lexicon:
    """The lexicon the bank reads: the shipped folder and any rubric folder's `lexicon/` sub-folder."""
    return load_lexicon(
        lexicon_dirs((*sources.rubric_dirs, *sources.mentor_rubric_dirs)), trusted=[shipped_lexicon_dir()]
    )


def family_rows(lexicon: Lexicon, words: tuple[str, ...] = ()) -> list[FamilyRow]:
    """The families, in lexicon order, whose id, label, terms, phrases or note contain every one of
    `words` (case-insensitive); all of them when `words` is empty."""
    wanted = [word.casefold() for word in words if word.strip()]
    rows: list[FamilyRow] = []
    for family_id, family in lexicon.families.items():
        phrases = [phrase if isinstance(phrase, str) else phrase.text for phrase in family.phrases]
        text = " ".join([family_id, family.label, *family.terms, *phrases, family.note]).casefold()
        if all(word in text for word in wanted):
            path = lexicon.files.get(family_id)
            rows.append(
                FamilyRow(family_id, family.label, list(family.terms), phrases, str(path) if path else "", family.note)
            )
    return rows


def family_lines(rows: list[FamilyRow], with_phrases: bool) -> list[str]:
    """The listing as text lines: one line per family, then its terms (and phrases, when asked)."""
    lines: list[str] = []
    for row in rows:
        lines.append(f"{row.id}: {row.label}")
        lines.append(f"    terms: {', '.join(row.terms) if row.terms else '(none: only named in `families`)'}")
        if row.note:
            lines.append(f"    note: {row.note}")
        if with_phrases:
            lines.extend(f"    - {phrase}" for phrase in row.phrases)
        else:
            lines.append(f"    {len(row.phrases)} phrase(s) in {row.file}")
    return lines
