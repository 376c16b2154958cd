"""Pydantic models for questions, rubrics and score reports.

These are the formats mentors write (YAML files validated against `Question` and `Rubric`) and the
report the scorer returns. No I/O happens here: reading files lives in `bank.py`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, min_length=1, max_length=80)]

DIFFICULTIES = ("easy", "medium", "hard")
STRUCTURE_CHECKS = ("situation", "task", "action", "result", "ownership", "measurable_result")


class StrictModel(BaseModel):
    """Base for file formats: unknown keys are errors, so misspellings are caught. Each field has a
    docstring under it (the mentor guide's reference); they are not parsed at import, to keep the
    command line fast."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------


class Question(StrictModel):
    """One interview question, read from a YAML file in a question bank folder."""

    id: Slug
    """Stable identifier, lower-case with dashes, e.g. `rollout-10k-servers`. Rubrics refer to it."""
    title: str = Field(min_length=1, max_length=120)
    """Short title shown in lists."""
    prompt: str = Field(min_length=1)
    """The question exactly as the interviewer would ask it."""
    category: Slug
    """Category slug, e.g. `system-design`, `risk-management`."""
    difficulty: Literal["easy", "medium", "hard"] = "medium"
    """How hard the question is for a mid-level TPM candidate."""
    tags: list[str] = Field(default_factory=list)
    """Free-form keywords used for filtering."""
    time_limit_minutes: float = Field(default=8.0, gt=0, le=120)
    """Minutes the candidate gets to answer in a mock interview."""
    follow_ups: list[str] = Field(default_factory=list, max_length=5)
    """Follow-up questions an interviewer asks after the main answer."""
    source: str = "tpm-trainer original"
    """Where the question comes from (article, interview report, or original)."""
    kind: Literal["scenario", "behavioural", "design", "knowledge"] = "scenario"
    """What sort of answer is expected; behavioural questions want a past story (STAR)."""
    model_answer: str | None = Field(default=None, min_length=1)
    """A complete answer a strong candidate could give, in full sentences; shown only after the candidate
    has answered. It must itself score Strong hire with the question's rubric."""


# --------------------------------------------------------------------------------------------
# Rubrics
# --------------------------------------------------------------------------------------------


class PhraseSpec(StrictModel):
    """A phrase written as a mapping, when it needs its own threshold."""

    text: str = Field(min_length=1)
    """The phrase pattern (same syntax as a plain phrase string)."""
    threshold: int | None = Field(default=None, ge=50, le=100)
    """Fuzzy similarity (0-100) each word must reach; overrides the rubric's threshold."""
    slack: int | None = Field(default=None, ge=0, le=5)
    """Extra words allowed between adjacent words of this phrase; overrides the rubric's slack."""
    gap: int | None = Field(default=None, ge=0, le=20)
    """Most words a `...` of this phrase stands for; overrides the rubric's `matching.gap`."""


Phrase = str | PhraseSpec


class Concept(StrictModel):
    """A key concept the answer should cover."""

    id: Slug
    """Identifier, unique within the rubric."""
    label: str = Field(min_length=1)
    """Short name shown in the report, e.g. `Canary / phased rollout`."""
    families: list[Slug] = Field(default_factory=list)
    """Ids of concept-lexicon families (`lexicon/*.yaml`) whose phrases also show this concept; when
    the bank is loaded their phrases are appended to `phrases`. See "Concept lexicon" in
    docs/writing-rubrics.md."""
    phrases: list[Phrase] = Field(default_factory=list, validate_default=True)
    """Wordings that show the concept. `...` allows a gap of words, `(a|b)` alternatives,
    `word*` any word starting with `word`. See docs/writing-rubrics.md. May be empty when
    `families` is given."""
    weight: float = Field(default=1.0, gt=0, le=100)
    """Relative importance in weighted scoring."""
    required: bool = False
    """When true, missing this concept caps the band (see `required_cap`)."""
    hint: str = ""
    """Shown to the candidate when the concept is missed."""
    probe: str = ""
    """What an interviewer would ask when the concept is missed (used as a follow-up)."""
    threshold: int | None = Field(default=None, ge=50, le=100)
    """Fuzzy similarity for this concept's phrases; overrides the rubric's threshold."""
    negation: bool | None = None
    """Whether a negated mention ("no rollback plan") is ignored; default from `matching`."""
    unless: list[Phrase] = Field(default_factory=list)
    """Contradicting wordings: when one matches anywhere in the answer, the concept does not count
    (e.g. `plastic d stretched the most` cancels the concept `plastic B stretched the most`)."""
    requires: list[Slug] = Field(default_factory=list)
    """Ids of other concepts: this one counts only when at least one of them is hit too (an effect
    that only counts with the option it belongs to)."""
    scope: Literal["answer", "sentence"] = "answer"
    """Where `unless` and `requires` look: `answer` (anywhere) or `sentence` (only in the sentence of
    the concept's own match: an `unless` phrase there cancels that match, and a required concept must
    be matched in the same sentence)."""
    not_with: list[Phrase] = Field(default_factory=list)
    """Negative conditions: a match of the concept does not count when one of these wordings is in the
    same sentence (e.g. `rollback` does not count next to `(manual|by hand)`). Other matches still can."""
    auto_families: bool | None = None
    """Whether this concept draws on the lexicon families its label names or says (see `matching.
    auto_families`, the default when this is left out): `false` keeps one concept to its own phrases while
    the others still gain families; a concept that names `families` keeps exactly those either way."""
    shares_words: bool = False
    """A marker concept: its matches take no part in "each word counts towards one concept only" (they
    claim no words, and longer matches of other concepts do not take theirs). For facts that other
    concepts' phrases also contain and that rules combine with them: the colour an answer names, a
    comparison it makes ("the black lid was the hottest" is evidence *and* names black)."""

    @model_serializer(mode="wrap")
    def _omit_default_marker(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        """Leave `shares_words` and `auto_families` out while they are unset, so rubrics that do not use them
        keep their hash."""
        data: dict[str, object] = handler(self)
        if not self.shares_words:
            data.pop("shares_words", None)
        if self.auto_families is None:
            data.pop("auto_families", None)
        return data

    @field_validator("phrases")
    @classmethod
    def _has_wordings(cls, phrases: list[Phrase], info: ValidationInfo) -> list[Phrase]:
        # `families` is declared first, so it is already validated here.
        if not phrases and not info.data.get("families"):
            raise ValueError("give at least one phrase, or name lexicon `families`")
        return phrases


class RedFlag(StrictModel):
    """An anti-pattern that costs points when the answer shows it."""

    id: Slug
    """Identifier, unique within the rubric."""
    label: str = Field(min_length=1)
    """What the anti-pattern is, e.g. `Updates every server at once`."""
    phrases: list[Phrase] = Field(min_length=1)
    """Wordings that show the anti-pattern (same syntax as concept phrases)."""
    penalty: float = Field(default=10.0, ge=0, le=100)
    """Points (out of 100) taken off the score."""
    explanation: str = ""
    """Why it is a problem, shown in the report."""
    threshold: int | None = Field(default=None, ge=50, le=100)
    """Fuzzy similarity for this red flag's phrases."""
    severity: Literal["minor", "major", "critical"] = "major"
    """`minor` and `major` only cost `penalty` points; `critical` also caps the band at the rubric's
    `critical_cap` (a fleet-wide change at once, no testing, blaming the team, hiding bad news)."""
    not_with: list[Phrase] = Field(default_factory=list)
    """Negative conditions: a match of the red flag does not count when one of these wordings is in the
    same sentence (e.g. `(every|all) stores ... same night` does not count next to `(pilot|trial) stores`).
    Other matches still can."""

    @model_serializer(mode="wrap")
    def _omit_empty_conditions(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        """Leave `not_with` out while it is empty, so rubrics that do not use it keep their hash."""
        data: dict[str, object] = handler(self)
        if not self.not_with:
            data.pop("not_with", None)
        return data


class Group(StrictModel):
    """A named set of concepts counted together, e.g. `improvements` needing two of four."""

    id: Slug
    """Identifier, unique among concepts and groups; usable in `scoring.rules`."""
    label: str = Field(min_length=1)
    """Name shown in the report."""
    concepts: list[Slug] = Field(min_length=1)
    """Ids of the concepts in the group."""
    need: int = Field(default=1, ge=1)
    """How many distinct concepts of the group the answer needs for the group to be met."""
    choose_one: bool = False
    """The concepts are alternative answers to a choice (pick a colour, SQL or NoSQL): only the one the
    answer mentions first counts; later mentions of the others are comparisons, not choices."""


class Rule(StrictModel):
    """One line of a count-based points table: the first rule whose conditions hold wins."""

    points: float = Field(ge=0)
    """Points awarded when every condition holds."""
    when: dict[str, int] = Field(default_factory=dict)
    """Concept or group id -> least number of distinct concepts hit (1 for a concept)."""


class Scoring(StrictModel):
    """How concept hits become a score."""

    method: Literal["weighted", "rules"] = "weighted"
    """`weighted`: share of concept weight covered. `rules`: first matching rule's points."""
    rules: list[Rule] = Field(default_factory=list)
    """For `rules`: the points table, highest first. An answer matching none gets 0."""
    max_points: float | None = Field(default=None, gt=0)
    """For `rules`: points for a full score (default: the highest rule's points)."""


class Matching(StrictModel):
    """Matching settings for the whole rubric."""

    threshold: int = Field(default=86, ge=50, le=100)
    """Fuzzy similarity (0-100) a misspelt word must reach to count as a rubric word."""
    negation: bool = True
    """Ignore mentions negated nearby ("we would not do a canary")."""
    gap: int = Field(default=4, ge=0, le=20)
    """Most words allowed where a phrase says `...`."""
    slack: int = Field(default=1, ge=0, le=5)
    """Most extra words allowed between two adjacent words of a phrase."""
    mention_credit: float = Field(default=0.5, ge=0, le=1)
    """Share of a concept's weight earned by a bare mention (a list item, a term with no verb or reason
    around it); a concept *used* in a sentence that says what is done, how, why or with what effect earns
    its full weight. 1 turns depth off (every mention counts fully); 0 gives mentions nothing."""
    elaboration_share: float = Field(default=0.5, ge=0, le=1)
    """Share of the covered concepts (at least four) an answer must explain - how, why, with what
    effect, a condition, a number, an example or a trade-off - to reach the top band; an answer that
    only asserts them is held one band lower, with the reason in the report. 0 turns the hold off (for
    short-answer prompts where naming the right facts is the whole answer)."""
    equivalents: bool = True
    """Widen every phrase with the concept lexicon's word equivalents when the bank is loaded (a phrase
    saying `impact` also accepts `damage`). Turn off for a rubric whose exact words matter."""
    shared_red_flags: bool = True
    """Add the concept lexicon's shared red flags (`red_flags` of `lexicon/*.yaml`: everything at once,
    no testing, blaming the team, hiding bad news) to this rubric's own, when the bank is loaded; a
    rubric red flag with the same id replaces the shared one. Turn off for prompts outside TPM practice."""
    top_band_min_words: int = Field(default=160, ge=0, le=2000)
    """Shortest answer, in words, that can reach the top band when it covers four or more concepts: a
    shorter one names its points without the room to develop them and is held one band lower, with the
    reason in the report. 0 turns it off (like `elaboration_share: 0`, which turns every hold off)."""
    auto_families: bool = True
    """Let a concept that names no lexicon `families` draw on the families whose `terms` its label
    contains (a concept labelled `Canary rollout` gains the canary family's plain wordings, such as "try
    it on a few servers first"), or whose own phrases its label says word for word over two or more content
    words, when the bank is loaded; a family two labels name, or the question's own text names, goes to no
    concept. Turn off for a rubric whose concepts must match only their own phrases."""
    non_answer_checks: bool = True
    """Recognise non-answers (keyword lists, repeated sentences, shuffled words, answers off the
    scenario) and cap their band. Turn off for prompts whose good answers are short lists."""


class StructureCheck(StrictModel):
    """A built-in check of answer structure (for behavioural questions)."""

    weight: float = Field(default=1.0, gt=0, le=100)
    """Relative importance in weighted scoring."""
    required: bool = False
    """When true, failing the check caps the band like a required concept."""
    hint: str = ""
    """Shown when the check fails; a sensible default is used when empty."""
    probe: str = ""
    """Interviewer follow-up when the check fails; a default is used when empty."""


class Structure(StrictModel):
    """Structure checks: which are on, with their weights. Omit a check to turn it off."""

    situation: StructureCheck | None = None
    """The answer sets the scene: when, where, what was at stake."""
    task: StructureCheck | None = None
    """The answer says what the candidate had to achieve."""
    action: StructureCheck | None = None
    """The answer says what the candidate did, step by step."""
    result: StructureCheck | None = None
    """The answer says how it ended."""
    ownership: StructureCheck | None = None
    """The candidate speaks of their own role ("I decided"), not only "we"."""
    measurable_result: StructureCheck | None = None
    """The result is measurable: a number, a percentage, a date or a duration."""

    def enabled(self) -> list[tuple[str, StructureCheck]]:
        """The checks that are switched on, in a fixed order."""
        return [(name, check) for name in STRUCTURE_CHECKS if (check := getattr(self, name))]


class Band(StrictModel):
    """A score band, e.g. `Strong hire` from 80."""

    label: str = Field(min_length=1)
    """Name of the band."""
    min_score: float = Field(ge=0, le=100)
    """Lowest score (0-100) in the band."""


DEFAULT_BANDS = (
    Band(label="Strong hire", min_score=80),
    Band(label="Hire", min_score=60),
    Band(label="Lean no hire", min_score=40),
    Band(label="No hire", min_score=0),
)


class Calibration(StrictModel):
    """An example answer and the band or score range the scorer must give it."""

    answer: str = Field(min_length=1)
    """The example answer, written as a candidate would speak."""
    band: str | None = None
    """The band the answer must get."""
    score: tuple[float, float] | None = None
    """Inclusive score range [low, high] the answer must get."""
    note: str = ""
    """Why the answer deserves that band (for mentors)."""

    @model_validator(mode="after")
    def _needs_expectation(self) -> Calibration:
        if self.band is None and self.score is None:
            raise ValueError("give `band` or `score` (or both)")
        if self.score is not None and self.score[0] > self.score[1]:
            raise ValueError("`score` must be [low, high] with low <= high")
        return self


class Rubric(StrictModel):
    """How one question is graded, read from a YAML file in a rubrics folder."""

    question: Slug
    """Id of the question this rubric grades."""
    version: int = Field(default=1, ge=1)
    """Bump when the rubric changes meaningfully."""
    author: str = ""
    """Who wrote or maintains the rubric."""
    matching: Matching = Field(default_factory=Matching)
    """Fuzzy matching and negation settings."""
    concepts: list[Concept] = Field(min_length=1)
    """The key concepts."""
    groups: list[Group] = Field(default_factory=list)
    """Named sets of concepts counted together (for count-based rules)."""
    structure: Structure = Field(default_factory=Structure)
    """Structure checks for behavioural answers."""
    red_flags: list[RedFlag] = Field(default_factory=list)
    """Anti-patterns that cost points."""
    scoring: Scoring = Field(default_factory=Scoring)
    """How concept hits become a score."""
    bands: list[Band] = Field(default_factory=lambda: list(DEFAULT_BANDS))
    """Score bands, any order; the highest band whose `min_score` the score reaches wins."""
    required_cap: str | None = None
    """Highest band allowed when two or more required concepts are missed (default: the second-highest).
    One missed required concept only keeps the answer out of the top band: the scorer can miss a concept
    said in words no phrase foresaw, so one miss alone is weak evidence."""
    critical_cap: str | None = None
    """Highest band allowed when a `critical` red flag is found (default: the second-lowest band)."""
    anchors: list[Phrase] = Field(default_factory=list)
    """Scenario anchors: wordings that show an answer engages this question's scenario (e.g. `fleet`,
    `(customer|user)*` for updating 10,000 servers), added to the content words of the question's prompt.
    An answer that touches none of them and uses no concept is capped as off-topic."""
    model_answer: list[str] = Field(default_factory=list)
    """Outline of a strong answer, one point per item: shown in the app only when the question has no full
    `model_answer` of its own, and never scored (the question's full answer is the one `rubrics check`
    scores)."""
    calibration: list[Calibration] = Field(default_factory=list)
    """Example answers with their expected band or score."""

    @field_validator("bands")
    @classmethod
    def _bands_sorted(cls, bands: list[Band]) -> list[Band]:
        if not bands:
            raise ValueError("at least one band is needed")
        ordered = sorted(bands, key=lambda band: band.min_score, reverse=True)
        if ordered[-1].min_score != 0:
            raise ValueError("the lowest band must start at min_score 0")
        labels = [band.label for band in ordered]
        if len(set(labels)) != len(labels):
            raise ValueError("band labels must be unique")
        return ordered

    @model_validator(mode="after")
    def _cross_references(self) -> Rubric:
        problems: list[str] = []
        concept_ids = [concept.id for concept in self.concepts]
        group_ids = [group.id for group in self.groups]
        flag_ids = [flag.id for flag in self.red_flags]
        for kind, ids in (("concept", concept_ids), ("red flag", flag_ids)):
            duplicates = sorted({i for i in ids if ids.count(i) > 1})
            if duplicates:
                problems.append(f"duplicate {kind} id(s): {', '.join(duplicates)}")
        clashes = sorted(set(group_ids) & set(concept_ids))
        if clashes or len(set(group_ids)) != len(group_ids):
            problems.append(f"group ids must be unique and differ from concept ids: {clashes or group_ids}")
        known = set(concept_ids)
        for concept in self.concepts:
            for other in concept.requires:
                if other not in known or other == concept.id:
                    problems.append(f"concept `{concept.id}` requires unknown concept `{other}`")
        for group in self.groups:
            for concept_id in group.concepts:
                if concept_id not in known:
                    problems.append(f"group `{group.id}` names unknown concept `{concept_id}`")
        usable = known | set(group_ids) | {name for name, _ in self.structure.enabled()}
        for index, rule in enumerate(self.scoring.rules):
            for key in rule.when:
                if key not in usable:
                    problems.append(f"scoring.rules.{index}.when names unknown concept or group `{key}`")
        if self.scoring.method == "rules" and not self.scoring.rules:
            problems.append("scoring.method `rules` needs at least one rule")
        labels = {band.label for band in self.bands}
        for field_name in ("required_cap", "critical_cap"):
            cap = getattr(self, field_name)
            if cap is not None and cap not in labels:
                problems.append(f"{field_name} `{cap}` is not a band label")
        for index, example in enumerate(self.calibration):
            if example.band is not None and example.band not in labels:
                problems.append(f"calibration.{index}.band `{example.band}` is not a band label")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def max_points(self) -> float:
        """Points of a full score: the rules' maximum, or the total weight."""
        if self.scoring.method == "rules":
            return self.scoring.max_points or max(rule.points for rule in self.scoring.rules)
        structure_weight = sum(check.weight for _, check in self.structure.enabled())
        return sum(concept.weight for concept in self.concepts) + structure_weight


# --------------------------------------------------------------------------------------------
# Score reports
# --------------------------------------------------------------------------------------------


class ReportModel(BaseModel):
    """Base for report parts: plain data, serialisable to JSON and back."""

    model_config = ConfigDict(defer_build=True)


class Evidence(ReportModel):
    """Where in the answer something was found."""

    phrase: str
    """The rubric phrase that matched."""
    text: str
    """The matched text, exactly as written in the answer."""
    span: tuple[int, int]
    """Character offsets [start, end) of `text` in the answer."""
    sentence: str
    """The sentence around the match, for context."""


class ConceptResult(ReportModel):
    """Whether one concept (or structure check) was covered, and why."""

    id: str
    """Concept id (or structure check name)."""
    label: str
    """Concept label."""
    kind: Literal["concept", "structure"] = "concept"
    """`concept` for rubric concepts, `structure` for behavioural structure checks."""
    weight: float
    """Weight in weighted scoring."""
    required: bool
    """Whether missing it caps the band."""
    hit: bool
    """Whether the answer covers it (used or mentioned)."""
    level: Literal["used", "mentioned", "rejected", "missed"] = "missed"
    """How far the answer went: `used` (in a sentence saying what is done, how, why or with what
    effect: full weight), `mentioned` (a bare mention: `mention_credit` of the weight), `rejected` (only
    negated or dismissed: nothing), `missed` (not found)."""
    credit: float = 0.0
    """Weight earned: `weight` when used, a share of it when mentioned, 0 otherwise."""
    why: str = ""
    """Why the concept reached its level, in words (e.g. `a list item with no verb or reason`)."""
    explained: bool = False
    """Whether the answer explains the concept where it covers it: says how, why, with what effect, a
    condition, a number, an example or a trade-off (not only that it is done). Explained concepts let
    an answer reach the top band (see `Matching.elaboration_share`)."""
    evidence: Evidence | None = None
    """The first matching place, when hit (the first place it is used, when it is)."""
    negated: list[Evidence] = Field(default_factory=list)
    """Mentions that were ignored because the answer negates them."""
    note: str = ""
    """Why a matched concept does not count (contradicted, missing the concept it requires, or an
    option not chosen), with the answer's words."""
    hint: str = ""
    """Hint for the candidate, when missed."""
    probe: str = ""
    """Interviewer follow-up, when missed."""

    @model_validator(mode="before")
    @classmethod
    def _level_of_older_reports(cls, data: object) -> object:
        """Reports stored by scorers before 2.0 have no level: a hit was a full use."""
        if isinstance(data, dict) and "level" not in data and "hit" in data:
            hit = bool(data["hit"])
            return {**data, "level": "used" if hit else "missed", "credit": data.get("weight", 0.0) if hit else 0.0}
        return data


class RedFlagResult(ReportModel):
    """A red flag found in the answer."""

    id: str
    """Red flag id."""
    label: str
    """What the anti-pattern is."""
    penalty: float
    """Points taken off."""
    evidence: Evidence
    """Where it was found."""
    explanation: str = ""
    """Why it is a problem."""
    severity: Literal["minor", "major", "critical"] = "major"
    """The red flag's severity; a critical one caps the band."""


class GroupResult(ReportModel):
    """How many concepts of a group were covered."""

    id: str
    """Group id."""
    label: str
    """Group label."""
    hits: list[str]
    """Ids of the concepts of the group that were hit."""
    need: int
    """How many the group needs."""
    met: bool
    """Whether at least `need` were hit."""


class Cap(ReportModel):
    """A limit put on the band, and why."""

    kind: Literal[
        "required",
        "critical_red_flag",
        "rejects_practices",
        "keyword_list",
        "stuffing",
        "packed",
        "repeated",
        "incoherent",
        "off_topic",
        "shallow",
        "no_story",
    ]
    """What caused it: a missed required concept, a critical red flag, an answer that rejects two or more
    of the practices the rubric expects (`rejects_practices`), a kind of non-answer, too many concepts for
    the answer's words to explain (`packed`: held below Hire), an answer that
    covers the concepts but explains few of them (`shallow`), or a past-experience question answered with
    no story of one's own (`no_story`)."""
    band: str
    """The highest band the answer may get because of it."""
    reason: str
    """The reason in words, with the answer's own words where there are some."""


class ScoreReport(ReportModel):
    """The explained result of scoring one answer against one rubric."""

    question_id: str
    """The question graded."""
    rubric_version: int
    """The rubric's `version` field."""
    rubric_hash: str
    """SHA-256 (first 16 hex digits) of the rubric's content, to trace and re-compute the score."""
    scorer_version: str
    """Version of the scoring algorithm."""
    score: float
    """Score from 0 to 100."""
    points: float
    """Points before scaling: weight covered, or the matching rule's points."""
    max_points: float
    """Points of a full score."""
    band: str
    """The band the score falls in, after any cap."""
    band_capped: bool = False
    """Whether the band was lowered by a cap (see `caps`)."""
    caps: list[Cap] = Field(default_factory=list)
    """Every cap that applied, with its reason; the lowest one sets the band."""
    kind: Literal["answer", "follow_up"] = "answer"
    """`answer` for a main answer; `follow_up` for a follow-up graded on its own (never averaged in)."""
    probed: list[str] = Field(default_factory=list)
    """For a follow-up: ids of the concepts it was graded on."""
    concepts: list[ConceptResult]
    """Every concept and structure check, hit or missed."""
    groups: list[GroupResult] = Field(default_factory=list)
    """Group counts, for rubrics with groups."""
    red_flags: list[RedFlagResult] = Field(default_factory=list)
    """Red flags found."""
    penalty: float = 0.0
    """Total points taken off for red flags."""
    word_count: int
    """Words in the answer."""
    rubric_source: str = ""
    """The rubric file that produced the report (empty in reports older than this field)."""
    rubric_author: str = ""
    """The rubric's `author` field, when it names one."""

    @property
    def hits(self) -> list[ConceptResult]:
        return [concept for concept in self.concepts if concept.hit]

    @property
    def misses(self) -> list[ConceptResult]:
        return [concept for concept in self.concepts if not concept.hit]


def slugify(text: str) -> str:
    """Lower-case slug of `text` (letters, digits and dashes)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
