"""The concept lexicon: families of equivalent phrasings that every rubric can draw on.

A family groups the ways people say one idea (practitioner jargon, engineering/SRE wording, plain
English, spelling variants). A rubric concept names families in `families: [...]`; when the bank is
loaded, `expand_rubric` appends the families' phrases to the concept's own, so the scorer sees an
ordinary rubric and the rubric's hash changes whenever the lexicon does.

Lexicon files live in the shipped `lexicon/` folder and, optionally, in a `lexicon/` sub-folder at the
top of any rubric folder (a mentor's). Every problem in every file is collected, never raised. YAML
is imported only when files are read, so the bank cache can use `shipped_lexicon_dir` cheaply.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import Field, ValidationError, field_validator, model_validator

from .bank import Problem
from .models import Concept, Phrase, Question, RedFlag, Rubric, Slug, StrictModel
from .paths import shipped_dir

if TYPE_CHECKING:
    import yaml

    from .scoring.phrases import CompiledPhrase
    from .scoring.widen import EquivalentTable

LEXICON_FOLDER = "lexicon"
"""Name of the shipped lexicon folder, and of the optional sub-folder of a rubric folder."""
MAX_SUGGESTIONS = 3
LABEL_THRESHOLD = 100
"""Spelling tolerance when a family's phrases are matched against a concept's label: none (a mentor's label
is spelt as meant, and a near word is often another sense)."""
LABEL_SLACK = 1
"""Extra words allowed between a family phrase's adjacent words inside a label ("a regular prioritisation forum")."""
LABEL_GAP = 2
"""Words a family phrase's `...` may skip inside a label (labels pack several ideas into few words, so a
wide gap joins words of different ideas)."""


class Family(StrictModel):
    """Equivalent phrasings of one idea, shared by rubrics."""

    id: Slug
    """Identifier, unique across every lexicon file; rubrics name it in a concept's `families`."""
    label: str = Field(min_length=1)
    """What the idea is, e.g. `Canary release: try the change on a small slice first`."""
    phrases: list[Phrase] = Field(min_length=1)
    """Wordings of the idea, in the rubric phrase syntax (see docs/writing-rubrics.md)."""
    terms: list[str] = Field(default_factory=list)
    """Names of the idea, one to four plain words each (`canary`, `canary release`): a concept that
    names no families draws on this family when its label contains a term
    (compared word by word, by stem), or says one of its phrases word for word, unless its rubric sets
    `matching.auto_families: false`."""
    note: str = ""
    """For lexicon authors: what the family deliberately leaves out, or where it tends to misfire."""

    @field_validator("terms")
    @classmethod
    def _plain_terms(cls, terms: list[str]) -> list[str]:
        bad = [f"`{term}`" for term in terms if not _TERM_RE.fullmatch(term)]
        if bad:
            raise ValueError(f"{', '.join(bad)}: a term is one to four plain words (letters, digits, `-`, `/`, `'`)")
        return [term.lower() for term in terms]


_TERM_RE = re.compile(r"[\w'/-]+(?: [\w'/-]+){0,3}")
_PLAIN_MEMBER_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*(?: [^\W\d_]+(?:'[^\W\d_]+)*){0,2}")


class Equivalent(StrictModel):
    """Words or short expressions that mean the same in an answer ("impact", "damage", "harm")."""

    words: list[str] = Field(min_length=2)
    """The members, lower case, each one to three plain words in a base form (`damage` also covers
    `damaged`: words are compared by stem). A phrase word that is a member, written bare or as a whole
    alternative of a `( | )` choice, also accepts the others; a word may be in one group only."""
    note: str = ""
    """For lexicon authors: the sense the group stands for (members must be interchangeable both ways)."""

    @field_validator("words")
    @classmethod
    def _plain_members(cls, words: list[str]) -> list[str]:
        for word in words:
            if not _PLAIN_MEMBER_RE.fullmatch(word.strip()):
                raise ValueError(f"`{word}`: a member is one to three plain words (no wildcard, number or operator)")
        return words


class LexiconFile(StrictModel):
    """One lexicon file: a theme's families (e.g. `rollout.yaml`) and/or word equivalents."""

    version: int = Field(ge=1)
    """Bump when the file's families change meaningfully."""
    families: list[Family] = Field(default_factory=list)
    """The families of this theme."""
    equivalents: list[Equivalent] = Field(default_factory=list)
    """Groups of interchangeable words; every rubric phrase is widened with them when the bank is
    loaded (a rubric turns this off with `matching.equivalents: false`)."""
    red_flags: list[RedFlag] = Field(default_factory=list)
    """Shared red flags (anti-patterns any TPM answer can show: everything at once, no testing, blaming
    the team, hiding bad news), added to every rubric that has no red flag of the same id (a rubric turns
    this off with `matching.shared_red_flags: false`)."""

    @model_validator(mode="after")
    def _not_empty(self) -> LexiconFile:
        if not self.families and not self.equivalents and not self.red_flags:
            raise ValueError("a lexicon file needs `families`, `equivalents` or `red_flags`")
        return self


@dataclass
class Lexicon:
    """Every family read from the lexicon folders, with the problems found."""

    families: dict[str, Family] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)
    """Family id -> the file that defines it."""
    versions: dict[Path, int] = field(default_factory=dict)
    """Lexicon file -> its `version`."""
    broken: set[str] = field(default_factory=set)
    """Ids of families that have errors: rubrics naming them are not blamed a second time."""
    equivalents: list[tuple[str, ...]] = field(default_factory=list)
    """Groups of equivalent words from every file, in file order; no word is in two groups (a group
    that repeats another's word is reported and left out)."""
    red_flags: dict[str, RedFlag] = field(default_factory=dict)
    """Shared red flags by id, from every file."""
    problems: list[Problem] = field(default_factory=list)
    _table: EquivalentTable | None = field(default=None, repr=False)
    _terms: list[tuple[tuple[str, ...], str]] | None = field(default=None, repr=False)
    _said_fingerprint: int | None = field(default=None, repr=False)
    _said: tuple[dict[str, list[tuple[str, CompiledPhrase]]], list[tuple[str, CompiledPhrase]]] | None = field(
        default=None, repr=False
    )

    def families_named_by(self, texts: Iterable[str]) -> list[str]:
        """Ids of the families one of whose `terms` occurs in one of `texts` (a concept's label, a
        question's title and prompt), in lexicon order; brackets, `|`, `...` and `*` are word breaks."""
        from .scoring.widen import stem_key

        if self._terms is None:
            self._terms = [
                (key, family_id)
                for family_id, family in self.families.items()
                for term in family.terms
                if (key := stem_key(term)) is not None
            ]
        runs: list[tuple[str, ...]] = []
        for text in texts:
            for part in _SYNTAX_BREAK_RE.split(text):
                if (key := stem_key(part)) is not None:
                    runs.append(key)
        found: dict[str, None] = {}
        for key, family_id in self._terms:
            if family_id not in found and any(_contains(run, key) for run in runs):
                found[family_id] = None
        return list(found)

    def families_said_by(self, text: str) -> list[str]:
        """Ids of the families one of whose phrases matches `text` (a concept's label) over two or more
        content words, in lexicon order: a label that says the idea in the family's own wording ("map
        cross-team dependencies") draws on it even when it names none of its `terms`. A match of one
        content word ("cadence") is not enough: single words are where senses collide."""
        key = (self._fingerprint(), text)
        known = _SAID_BY.get(key)
        if known is None:
            if len(_SAID_BY) >= _SAID_BY_SIZE:
                _SAID_BY.clear()
            known = _SAID_BY[key] = tuple(self._families_said_by(text))
        return list(known)

    def _fingerprint(self) -> int:
        """A hash of the families' ids and phrases: every load of the same lexicon links labels alike."""
        if self._said_fingerprint is None:
            self._said_fingerprint = hash(
                tuple(
                    (family_id, family_id in self.broken, *(str(phrase) for phrase in family.phrases))
                    for family_id, family in self.families.items()
                )
            )
        return self._said_fingerprint

    def _families_said_by(self, text: str) -> list[str]:
        from .scoring.match import AnswerIndex
        from .scoring.text import tokenize
        from .scoring.wordclasses import FUNCTION_WORDS

        tokens = tokenize(text)
        if not tokens:
            return []
        by_key, always = self._said_index()
        # Only phrases each of whose required steps can start with a word of the label can match it word
        # for word (cheap set tests, before the matcher).
        keys = {token.stem for token in tokens} | {token.norm for token in tokens}
        candidates = {
            pair
            for pair in set(always).union(*(by_key.get(key, ()) for key in keys))
            if all(step_keys is None or not step_keys.isdisjoint(keys) for step_keys in _step_keys(pair[1]))
        }
        if not candidates:
            return []
        index = AnswerIndex(tokens, LABEL_THRESHOLD, LABEL_SLACK, LABEL_GAP, text)
        found: set[str] = set()
        for family_id, phrase in sorted(candidates, key=lambda pair: pair[1].source):
            if family_id not in found and any(
                sum(tokens[at].norm not in FUNCTION_WORDS for at in range(match.first, match.last + 1)) >= 2
                for match in index.find(phrase, None)
            ):
                found.add(family_id)
        return [family_id for family_id in self.families if family_id in found]

    def _said_index(self) -> tuple[dict[str, list[tuple[str, CompiledPhrase]]], list[tuple[str, CompiledPhrase]]]:
        """Every family phrase by the words one of its required steps can start with (stem and word as
        written; see `_selective_keys`), and the phrases no word lookup can rule out (always tried)."""
        if self._said is None:
            by_key: dict[str, list[tuple[str, CompiledPhrase]]] = {}
            always: list[tuple[str, CompiledPhrase]] = []
            for family_id, family in self.families.items():
                if family_id in self.broken:
                    continue
                for phrase in family.phrases:
                    for compiled in _compiled_or_nothing(phrase if isinstance(phrase, str) else phrase.text):
                        keys = _selective_keys(compiled)
                        if keys is None:
                            always.append((family_id, compiled))
                        for key in keys or ():
                            by_key.setdefault(key, []).append((family_id, compiled))
            self._said = (by_key, always)
        return self._said

    def equivalent_table(self) -> EquivalentTable:
        """The equivalents as a lookup table (built once)."""
        if self._table is None:
            from .scoring.widen import shared_table

            self._table = shared_table(tuple(self.equivalents))
        return self._table


_SAID_BY: dict[tuple[int, str], tuple[str, ...]] = {}
"""(lexicon fingerprint, label) -> the families the label says: labels are linked on every bank load."""
_SAID_BY_SIZE = 65536


@cache
def _compiled_or_nothing(text: str) -> tuple[CompiledPhrase, ...]:
    """A phrase compiled, or nothing when it cannot be (the lexicon's checks report it; linking a label
    to a family must not fail on it). Remembered: every bank load reads the same shipped families."""
    from .scoring.phrases import PhraseSyntaxError, compile_phrases

    try:
        return tuple(compile_phrases(text))
    except PhraseSyntaxError:
        return ()


@cache
def _step_keys(phrase: CompiledPhrase) -> tuple[frozenset[str] | None, ...]:
    """For each required step of the phrase, the stems and written words it can start with (None when a
    word lookup cannot tell: a prefix, a suffix, a number)."""
    out: list[frozenset[str] | None] = []
    for step in phrase.steps:
        if any(not choice for choice in step.choices):
            continue  # optional
        firsts = [choice[0] for choice in step.choices]
        if all(first.kind in ("word", "exact", "joined") for first in firsts):
            out.append(frozenset(word for first in firsts for word in (first.text, first.written) if word))
        else:
            out.append(None)
    return tuple(out)


def _selective_keys(phrase: CompiledPhrase) -> frozenset[str] | None:
    """The words one required step of the phrase can start with, choosing a step with no function word
    among them when there is one (so that "the", "a" do not make every label a candidate); None when no
    required step can be looked up by its words (prefixes, numbers) or every step is optional."""
    from .scoring.wordclasses import FUNCTION_WORDS

    known = [keys for keys in _step_keys(phrase) if keys is not None]
    if not known:
        return None
    return next((keys for keys in known if keys.isdisjoint(FUNCTION_WORDS)), known[0])


def shipped_lexicon_dir() -> Path:
    """The shipped `lexicon` folder (inside the package in a wheel, at the repository root otherwise)."""
    return shipped_dir(LEXICON_FOLDER)


def lexicon_dirs(rubric_dirs: Iterable[Path]) -> list[Path]:
    """The shipped lexicon folder, then the `lexicon/` sub-folder of each rubric folder that has one."""
    folders = [shipped_lexicon_dir()]
    for folder in rubric_dirs:
        candidate = Path(folder) / LEXICON_FOLDER
        if candidate.is_dir() and candidate not in folders:
            folders.append(candidate)
    return folders


def load_lexicon(folders: Iterable[Path], trusted: Iterable[Path] = ()) -> Lexicon:
    """Read and validate every lexicon file in `folders`; a missing folder is simply empty.

    Phrases of files in `trusted` folders (the shipped lexicon, compiled by `rubrics check`) are not
    compiled here, like the shipped rubrics' phrases: that is the slow part of a cold start."""
    from .bank_loader import _line_of, _read_yaml, _validation_problems, yaml_files  # YAML: only when reading

    lexicon = Lexicon()
    claimed: dict[tuple[str, ...], str] = {}  # a member's stems -> where it was first defined
    trusted_folders = set(trusted)
    for folder in folders:
        if not folder.is_dir():
            continue
        check_phrases = folder not in trusted_folders
        for path in yaml_files(folder):
            data, node, problems = _read_yaml(path)
            lexicon.problems.extend(problems)  # warnings (e.g. control characters) as well as errors
            if any(problem.severity == "error" for problem in problems):
                continue
            if not isinstance(data, dict):
                found = "an empty file" if data is None else f"a {type(data).__name__}"
                lexicon.problems.append(Problem(path, f"expected `version` and `families`, found {found}", line=1))
                continue
            bad_indexes: set[int] = set()
            try:
                parsed = LexiconFile.model_validate(data)
                families = list(parsed.families)
                lexicon.versions[path] = parsed.version
                groups = list(enumerate(parsed.equivalents))
                flags = list(enumerate(parsed.red_flags))
            except ValidationError as error:
                lexicon.problems.extend(_validation_problems(path, LexiconFile, error, node))
                # Keep the good groups and red flags of a file with a bad one, so that their own
                # problems (a repeated word, a phrase that does not compile) are reported too.
                groups = _valid_items(data.get("equivalents"), Equivalent)
                flags = _valid_items(data.get("red_flags"), RedFlag)
                families = []
                raw_families = data.get("families")
                for index, raw in enumerate(raw_families if isinstance(raw_families, list) else []):
                    try:  # keep the good families of a file with a bad one
                        families.append(Family.model_validate(raw))
                    except ValidationError:
                        bad_indexes.add(index)
                        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                            lexicon.broken.add(raw["id"])
            _add_equivalents(lexicon, path, groups, node, claimed)
            _add_red_flags(lexicon, path, flags, node, check_phrases)
            for family in families:
                index = _index_in_file(data, family.id)
                syntax_problems = _syntax_problems(path, node, ("families", index), family.phrases, check_phrases)
                if syntax_problems:
                    lexicon.problems.extend(syntax_problems)
                    lexicon.broken.add(family.id)
                    continue
                if family.id in lexicon.families:
                    id_loc = ("families", index, "id")
                    lexicon.problems.append(
                        Problem(
                            path,
                            f"duplicate family id `{family.id}` (already defined in {lexicon.files[family.id]})",
                            ".".join(map(str, id_loc)),
                            _line_of(node, id_loc),
                        )
                    )
                    continue
                lexicon.families[family.id] = family
                lexicon.files[family.id] = path
    return lexicon


_Item = TypeVar("_Item", bound=StrictModel)


def _valid_items(raw: object, model: type[_Item]) -> list[tuple[int, _Item]]:
    """(position, item) of each entry of a raw YAML list that validates as `model` on its own."""
    items: list[tuple[int, _Item]] = []
    for index, entry in enumerate(raw if isinstance(raw, list) else []):
        try:
            items.append((index, model.model_validate(entry)))
        except ValidationError:
            continue  # reported with the whole file's validation problems
    return items


def _add_equivalents(
    lexicon: Lexicon,
    path: Path,
    groups: list[tuple[int, Equivalent]],
    node: yaml.Node | None,
    claimed: dict[tuple[str, ...], str],
) -> None:
    """Keep each group whose members no earlier group has; report the others with file and line."""
    from .bank_loader import _line_of
    from .scoring.widen import stem_key

    for index, group in groups:
        loc = ("equivalents", index, "words")
        line = _line_of(node, loc)
        keys = [stem_key(word) for word in group.words]
        repeated = [
            f"`{word}` (already in {claimed[key]})"
            for word, key in zip(group.words, keys, strict=True)
            if key in claimed
        ]
        if repeated:
            message = "a word may be in one group of equivalents only: " + ", ".join(repeated)
            lexicon.problems.append(Problem(path, message, ".".join(map(str, loc)), line))
            continue
        for key in keys:
            if key is not None:
                claimed[key] = f"{path.name} line {line}" if line else path.name
        lexicon.equivalents.append(tuple(word.strip().lower() for word in group.words))


def _add_red_flags(
    lexicon: Lexicon, path: Path, flags: list[tuple[int, RedFlag]], node: yaml.Node | None, check: bool
) -> None:
    """Keep each shared red flag with a new id and phrases that compile; report the others."""
    from .bank_loader import _line_of

    for index, flag in flags:
        problems = _syntax_problems(path, node, ("red_flags", index), flag.phrases, check)
        if flag.id in lexicon.red_flags:
            loc = ("red_flags", index, "id")
            problems.append(
                Problem(path, f"duplicate shared red flag id `{flag.id}`", ".".join(map(str, loc)), _line_of(node, loc))
            )
        if problems:
            lexicon.problems.extend(problems)
            continue
        lexicon.red_flags[flag.id] = flag


def _syntax_problems(
    path: Path, node: yaml.Node | None, item: tuple[object, ...], phrases: list[Phrase], check: bool
) -> list[Problem]:
    """A problem, with field and line, for each of an item's `phrases` that does not compile (none
    when `check` is off: trusted files are compiled by `rubrics check`)."""
    from .bank_loader import _line_of, _phrase_error

    problems: list[Problem] = []
    for phrase_index, phrase in enumerate(phrases if check else ()):
        error = _phrase_error(phrase if isinstance(phrase, str) else phrase.text)
        if error:
            loc = (*item, "phrases", phrase_index)
            problems.append(Problem(path, error, ".".join(map(str, loc)), _line_of(node, loc)))
    return problems


def _index_in_file(data: dict[str, object], family_id: str) -> int:
    """Position of the first family with `family_id` in a file's raw data (for error locations)."""
    raw_families = data.get("families")
    found: list[int] = []
    for index, raw in enumerate(raw_families if isinstance(raw_families, list) else []):
        if isinstance(raw, dict) and raw.get("id") == family_id:
            found.append(index)
    # A duplicate inside one file: the later position is the one to blame.
    return found[-1] if found else 0


def close_family_ids(family_id: str, known: Iterable[str]) -> list[str]:
    """The known family ids closest to `family_id`, best first (for "did you mean")."""
    known = list(known)
    close = difflib.get_close_matches(family_id, known, n=MAX_SUGGESTIONS, cutoff=0.55)
    # An id that is one part of a known id (`canary` for `canary-release`) is a likely slip too.
    parts = [other for other in sorted(known) if family_id in other.split("-") and other not in close]
    return [*close, *parts][:MAX_SUGGESTIONS]


def expand_rubric(path: Path, rubric: Rubric, lexicon: Lexicon, topic: str = "") -> tuple[Rubric, list[Problem]]:
    """The rubric with each concept's family phrases appended to its own, and every concept and
    red-flag phrase widened with the lexicon's word equivalents (unless the rubric turns them off);
    and every unknown family id.

    Phrases already in the concept (same text, ignoring case) are not repeated.
    """
    from .bank_loader import _line_of, _read_yaml

    problems: list[Problem] = []
    unknown: list[tuple[tuple[object, ...], str]] = []
    concepts = []
    automatic = _automatic_families(rubric, lexicon, topic)
    for concept_index, concept in enumerate(rubric.concepts):
        family_ids = concept.families or automatic.get(concept.id, [])
        if not family_ids:
            concepts.append(concept)
            continue
        phrases = list(concept.phrases)
        seen = {_phrase_key(phrase) for phrase in phrases}
        for family_index, family_id in enumerate(family_ids):
            family = lexicon.families.get(family_id)
            if family is None:
                if family_id not in lexicon.broken:
                    unknown.append((("concepts", concept_index, "families", family_index), family_id))
                continue
            for phrase in family.phrases:
                if _phrase_key(phrase) not in seen:
                    seen.add(_phrase_key(phrase))
                    phrases.append(phrase)
        concepts.append(concept.model_copy(update={"phrases": phrases}))
    if unknown:
        node = _read_yaml(path)[1]  # re-read only on this error path, for line numbers
        for loc, family_id in unknown:
            close = close_family_ids(family_id, lexicon.families)
            message = f"unknown lexicon family `{family_id}`"
            if len(close) > 1:
                message += f"; other close ids: {', '.join(close[1:])}"
            if not close:
                message += f" (families are defined in {shipped_lexicon_dir()} and rubric folders' lexicon/)"
            problems.append(
                Problem(path, message, ".".join(map(str, loc)), _line_of(node, loc), close[0] if close else "")
            )
    expanded = rubric.model_copy(update={"concepts": concepts})
    if rubric.matching.shared_red_flags and lexicon.red_flags:
        own = {flag.id for flag in rubric.red_flags}
        shared = [flag for flag_id, flag in lexicon.red_flags.items() if flag_id not in own]
        expanded = expanded.model_copy(update={"red_flags": [*rubric.red_flags, *shared]})
    if rubric.matching.equivalents and lexicon.equivalents:
        expanded = widen_rubric(expanded, lexicon.equivalent_table())
    return expanded, problems


def _automatic_families(rubric: Rubric, lexicon: Lexicon, topic: str) -> dict[str, list[str]]:
    """Concept id -> the families its label names by their `terms`, for concepts naming no families
    themselves (see `family_choices`)."""
    return {
        concept_id: kept
        for concept_id, choices in family_choices(rubric, lexicon, topic).items()
        if (kept := [choice.family for choice in choices if choice.added])
    }


@dataclass(frozen=True)
class FamilyChoice:
    """One family a concept's label names, and whether the concept draws on it."""

    family: str
    added: bool
    reason: str
    """Why it is added or withheld, in words for the mentor."""


def question_topic(question: Question | None) -> str:
    """The question's own text (title and prompt), whose families go to no concept (see `family_choices`)."""
    return f"{question.title}\n{question.prompt}" if question is not None else ""


def draws_automatic_families(rubric: Rubric, concept: Concept) -> bool:
    """Whether `concept` may gain the families its label names or says: not when it names `families` itself;
    otherwise its own `auto_families`, or the rubric's `matching.auto_families` when it sets none."""
    if concept.families:
        return False
    return rubric.matching.auto_families if concept.auto_families is None else concept.auto_families


def family_choices(rubric: Rubric, lexicon: Lexicon, topic: str) -> dict[str, list[FamilyChoice]]:
    """Concept id -> the families its label names (by their `terms`) or says (in their own phrases, see
    `Lexicon.families_said_by`), each added or withheld, for concepts naming no families themselves. A
    family goes to one concept only: when two labels name it, when a concept of the rubric names it
    explicitly, or when the question's own text (`topic`: title and prompt) names or says it, it cannot tell
    the concepts apart (every answer to the question uses its words) and goes to none. A label that names a
    family by a term outranks one that only says it: the family goes to the naming label."""
    drawing = [concept for concept in rubric.concepts if draws_automatic_families(rubric, concept)]
    by_term = {concept.id: lexicon.families_named_by([concept.label]) for concept in drawing}
    by_phrase = {
        concept.id: [
            family_id for family_id in lexicon.families_said_by(concept.label) if family_id not in by_term[concept.id]
        ]
        for concept in drawing
    }
    term_claimants: dict[str, list[str]] = {}
    phrase_claimants: dict[str, list[str]] = {}
    for concept_id in by_term:
        for family_id in by_term[concept_id]:
            term_claimants.setdefault(family_id, []).append(concept_id)
        for family_id in by_phrase[concept_id]:
            phrase_claimants.setdefault(family_id, []).append(concept_id)
    explicit = {family_id: concept.id for concept in rubric.concepts for family_id in concept.families}
    in_question = {*lexicon.families_named_by([topic]), *lexicon.families_said_by(topic)} if topic else set()
    choices: dict[str, list[FamilyChoice]] = {}
    for concept_id in by_term:
        for family_id, said in [(f, False) for f in by_term[concept_id]] + [(f, True) for f in by_phrase[concept_id]]:
            verb = "says" if said else "names"
            claimants = term_claimants.get(family_id) or phrase_claimants[family_id]
            others = [other for other in claimants if other != concept_id]
            if family_id in explicit:
                choice = FamilyChoice(family_id, False, f"withheld: concept `{explicit[family_id]}` names it")
            elif family_id in in_question:
                choice = FamilyChoice(family_id, False, "withheld: the question's title or prompt names it")
            elif said and family_id in term_claimants:
                names = ", ".join(f"`{other}`" for other in term_claimants[family_id])
                choice = FamilyChoice(family_id, False, f"withheld: the label of {names} names it by a term")
            elif others:
                names = ", ".join(f"`{other}`" for other in others)
                choice = FamilyChoice(family_id, False, f"withheld: the label of {names} {verb} it too")
            else:
                reason = "added: the label says it in the family's words" if said else "added: the label names it"
                choice = FamilyChoice(family_id, True, reason)
            choices.setdefault(concept_id, []).append(choice)
    return choices


def widen_rubric(rubric: Rubric, table: EquivalentTable) -> Rubric:
    """`rubric` with every concept and red-flag phrase widened by `table` (see scoring/widen.py)."""
    from .scoring.widen import widen_phrase

    def widened(phrases: list[Phrase]) -> list[Phrase]:
        out: list[Phrase] = []
        for phrase in phrases:
            if isinstance(phrase, str):
                out.append(widen_phrase(phrase, table))
            else:
                out.append(phrase.model_copy(update={"text": widen_phrase(phrase.text, table)}))
        return out

    concepts = [concept.model_copy(update={"phrases": widened(concept.phrases)}) for concept in rubric.concepts]
    flags = [flag.model_copy(update={"phrases": widened(flag.phrases)}) for flag in rubric.red_flags]
    return rubric.model_copy(update={"concepts": concepts, "red_flags": flags})


_SYNTAX_BREAK_RE = re.compile(r"\.\.\.|[()|*#=~?\[\]{}]")


def _contains(run: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """Whether the stems `key` occur in `run` as consecutive words."""
    width = len(key)
    return any(run[start : start + width] == key for start in range(len(run) - width + 1))


def _phrase_key(phrase: Phrase) -> str:
    return (phrase if isinstance(phrase, str) else phrase.text).strip().lower()
