"""Caps on the band, each with its reason: missed required concepts, critical red flags, non-answers."""

from __future__ import annotations

from collections.abc import Callable

from ..models import Cap, ConceptResult, Question, RedFlagResult, Rubric
from .anchors import prompt_anchors
from .columns import Columns
from .compiled import CompiledRubric
from .elaboration import HOLD_MIN_CONCEPTS, hold_reason, specificity
from .match import AnswerIndex
from .nonanswer import non_answers, packed, stuffing
from .rejection import rejections
from .text import Token
from .topics import OFF_TOPIC_SHARE, STORY_OFF_TOPIC_SHARE, CloserQuestion, TopicIndex

STORY_PARTS = ("situation", "action", "result")
"""Structure checks that make an answer a story: where it happened, what the candidate did, how it ended."""

SECOND_OPINION_MIN_USED = 3
"""Concepts of its own rubric an answer below Hire must use to be scored against the other question's rubric
before it is called that question's answer (an answer that would pass always is): a thin answer using three
of its own concepts is a thin answer to this question, as the mentors' Lean no hire examples are; one using
fewer is judged on its words (the blind weak answers that lean elsewhere use two at most)."""

REJECTED_PRACTICES = 2
"""Rejected concepts from which an answer is capped like a critical red flag: a rubric's concepts are
the practices a good answer uses, and no blind strong, plain or medium answer measured rejected two."""


def band_index(rubric: Rubric, label: str) -> int:
    return [band.label for band in rubric.bands].index(label)


def _required_cap(rubric: Rubric, missed: list[ConceptResult], developed: bool) -> Cap | None:
    """The cap for missed required concepts. In a developed answer (one the top-band hold would not
    hold: long enough, explaining what it covers) one missed required concept only keeps it out of the
    top band: the scorer can miss a concept said in words no phrase foresaw, and a full answer is the
    likeliest place for that (measured: blind strong answers were capped to Lean no hire for one such
    wording). Otherwise, or with two or more missed, the band is capped at `required_cap`."""
    if not missed:
        return None
    labels = [b.label for b in rubric.bands]
    cap = rubric.required_cap or labels[min(1, len(labels) - 1)]
    names = ", ".join(f"`{result.label}`" for result in missed)
    if len(missed) == 1 and developed and len(labels) > 1 and band_index(rubric, cap) > 1:
        return Cap(
            kind="required", band=labels[1], reason=f"misses a required concept: {names} (kept out of the top band)"
        )
    return Cap(kind="required", band=cap, reason=f"misses required concept(s): {names}")


def _no_story_cap(results: list[ConceptResult], words: int, band: str) -> Cap | None:
    """The cap for a past-experience question answered with no story: a rubric that checks at least two
    of situation, action and result, and an answer of 20 words or more that meets none of them (a plan in
    "I would", or another question's answer). Measured on the blind answers read so far: no strong, plain or
    medium answer to a behavioural question met none; every one met at least one."""
    parts = [result for result in results if result.kind == "structure" and result.id in STORY_PARTS]
    if len(parts) < 2 or words < 20 or any(result.hit for result in parts):
        return None
    return Cap(
        kind="no_story",
        band=band,
        reason="a past-experience question answered without a story of your own: no situation, no action of "
        "yours and no result (say where it happened, what you did and how it ended)",
    )


def _hold_reason(rubric: Rubric, covered: list[ConceptResult], tokens: list[Token], columns: Columns) -> str:
    """Why the answer, covering the concepts `covered`, could not reach the top band for lack of
    development (empty when it could)."""
    return hold_reason(
        sum(result.explained for result in covered),
        len(covered),
        specificity(tokens, columns),
        rubric.matching.elaboration_share,
        rubric.matching.top_band_min_words,
    )


def _shallow_cap(rubric: Rubric, band: str, reason: str) -> Cap | None:
    """The hold for an answer in the top band that covers the concepts but explains few of them: one
    band lower, with the count in the reason."""
    if rubric.matching.elaboration_share <= 0 or len(rubric.bands) < 2 or band_index(rubric, band) != 0:
        return None
    return Cap(kind="shallow", band=rubric.bands[1].label, reason=reason) if reason else None


def cap_score(rubric: Rubric, score: float, band: str) -> float:
    """`score` kept inside `band` when it is above it: scaled from [the band's floor, 100] into [floor,
    ceiling), so that capped answers keep their order (a fuller one stays above a thinner one) and sit below
    uncapped answers near the top of the band, instead of all reading the band's highest score. A score
    already inside the band is unchanged."""
    position = band_index(rubric, band)
    if position == 0:
        return score
    top = round(max(0.0, rubric.bands[position - 1].min_score - 0.1), 1)
    if score <= top:
        return score
    floor = rubric.bands[position].min_score
    if floor >= 100.0:
        return top
    return round(min(top, floor + (score - floor) * (top - floor) / (100.0 - floor)), 1)


def _engages_scenario(
    index: AnswerIndex, compiled: CompiledRubric, question: Question | str | None
) -> tuple[bool, bool]:
    """(whether the answer touches a scenario anchor, whether any anchor is known)."""
    anchors = prompt_anchors(question.prompt if isinstance(question, Question) else question)
    known = bool(anchors or compiled.anchors)
    if any(index.has_stem(anchor) for anchor in anchors):
        return True, known
    threshold = compiled.rubric.matching.threshold
    return any(index.find(phrase, threshold) for phrase in compiled.anchors), known


def caps_for(
    rubric: Rubric,
    compiled: CompiledRubric,
    index: AnswerIndex,
    tokens: list[Token],
    question: Question | str | None,
    band: str,
    results: list[ConceptResult],
    red_flags: list[RedFlagResult],
    topics: TopicIndex | None = None,
    coverage: Callable[[Question, Rubric], float] | None = None,
) -> list[Cap]:
    """Every cap that applies to the answer: missed required concepts, critical red flags, non-answers.

    `coverage(question, rubric)` scores the same answer against another question's rubric (the share of its
    concept weight earned); without it an answer whose words lean to another question is capped on its
    words alone."""
    labels = [b.label for b in rubric.bands]
    lowest = labels[-1]
    caps: list[Cap] = []
    covered = [result for result in results if result.kind == "concept" and result.hit]
    hold = _hold_reason(rubric, covered, tokens, index.columns)
    developed = rubric.matching.elaboration_share > 0 and len(covered) >= HOLD_MIN_CONCEPTS and not hold
    required = _required_cap(rubric, [r for r in results if r.required and not r.hit], developed)
    if required is not None:
        caps.append(required)
    shallow = _shallow_cap(rubric, band, hold)
    if shallow is not None:
        caps.append(shallow)
    critical_band = rubric.critical_cap or labels[max(0, len(labels) - 2)]
    story = _no_story_cap(results, len(tokens), critical_band)
    if story is not None:
        caps.append(story)
    rejected = [result for result in results if result.kind == "concept" and result.level == "rejected"]
    if len(rejected) >= REJECTED_PRACTICES and rubric.matching.negation:
        names = ", ".join(f"`{result.label}`" for result in rejected)
        caps.append(
            Cap(
                kind="rejects_practices",
                band=critical_band,
                reason=f"rejects {len(rejected)} of the practices a good answer uses: {names}",
            )
        )
    elif rubric.matching.negation:
        # Practices turned down sentence after sentence, in words the rubric's phrases need not name.
        found = rejections(tokens)
        if found.rejects_practices:
            quoted = "; ".join(f"\u201c{index.text[start:end]}\u201d" for start, end in found.rejecting[:3])
            caps.append(
                Cap(
                    kind="rejects_practices",
                    band=critical_band,
                    reason=f"turns practices down in {len(found.rejecting)} of its {found.sentences} sentences "
                    f"({quoted})",
                )
            )
    critical = [flag for flag in red_flags if flag.severity == "critical"]
    if critical:
        quoted = "; ".join(f"{flag.label} (\u201c{flag.evidence.text}\u201d)" for flag in critical)
        caps.append(Cap(kind="critical_red_flag", band=critical_band, reason=f"critical red flag: {quoted}"))
    if not rubric.matching.non_answer_checks:
        return caps
    word_total = len(tokens) - len(index.columns.numbers)
    stuffed = stuffing(word_total, len(covered))
    findings = non_answers(tokens, index.text, index.columns) + ([stuffed] if stuffed is not None else [])
    for finding in findings:
        caps.append(Cap(kind=finding.kind, band=lowest, reason=finding.reason))  # type: ignore[arg-type]
    used = sum(1 for result in results if result.kind == "concept" and result.level == "used")
    thin = packed(tokens, index.columns, len(covered)) if stuffed is None else None
    if thin is not None:
        caps.append(Cap(kind="packed", band=critical_band, reason=thin.reason))
    if len(tokens) >= 20 and used < 2:
        engaged, known = _engages_scenario(index, compiled, question)
        if known and not engaged:
            caps.append(
                Cap(
                    kind="off_topic",
                    band=lowest,
                    reason="never engages the question's scenario: none of its key words, and under two concepts used",
                )
            )
    closer = _closer_question(topics, question, tokens)
    if (
        closer is not None
        and coverage is not None
        and topics is not None
        and (band_index(rubric, band) <= 1 or used >= SECOND_OPINION_MIN_USED)
    ):
        # A second opinion before calling a passing answer another question's: its words lean that way, but
        # does it cover that question's rubric better? An answer that says this question's practices in
        # everyday words ("an allowance for things going wrong") is this question's answer after all.
        other = topics.question(closer.question_id)
        if other is not None and covered_share(rubric, results) >= coverage(*other):
            closer = None
    if closer is not None and not any(cap.kind == "off_topic" for cap in caps):
        caps.append(
            Cap(
                kind="off_topic",
                band=lowest,
                reason=f"reads as an answer to another question, \u201c{closer.title}\u201d: it shares "
                f"{closer.share:.0%} as much with this question's words as with that one's",
            )
        )
    return caps


def covered_share(rubric: Rubric, results: list[ConceptResult]) -> float:
    """The share of the rubric's concept weight that the answer's concept results earned (0-1)."""
    total = sum(concept.weight for concept in rubric.concepts)
    earned = sum(result.credit for result in results if result.kind == "concept")
    return earned / total if total else 0.0


def _closer_question(
    topics: TopicIndex | None, question: Question | str | None, tokens: list[Token]
) -> CloserQuestion | None:
    """Another question of the bank the answer reads as answering (for a behavioural question only the
    clearest cases: a past story can come from any domain)."""
    if topics is None or not isinstance(question, Question):
        return None
    limit = STORY_OFF_TOPIC_SHARE if question.kind == "behavioural" else OFF_TOPIC_SHARE
    return topics.closer_question(question.id, tokens, limit)
