"""Fair follow-ups: a follow-up answer is graded only on what the follow-up probes.

API:

- `score_follow_up(answer, rubric, main_report, probe=None) -> ScoreReport` grades the answer to an
  interviewer's follow-up. Its report has `kind="follow_up"` and `probed` (the concept ids it was graded
  on); it stands alone and must never enter the main answer's score or any average.
- `follow_up_rubric(rubric, main_report, probe=None) -> Rubric` is the small rubric used:
  * when the main answer missed (or rejected) concepts: those concepts, or, when `probe` (the follow-up
    question's text) names one of them, that one; each needs its usual depth;
  * when the main answer missed nothing: a depth probe. The concepts the probe is about (by the words
    of `probe`), else the concepts the main answer only mentioned, else every concept; one of them *used*
    in depth earns a Hire, two earn full marks, and bare mentions earn nothing.
  Structure checks, groups, red flags and calibration examples belong to the main answer and are left out.
"""

from __future__ import annotations

from ..models import Concept, Group, Matching, Rubric, Rule, ScoreReport, Scoring, Structure
from .score import score_answer
from .text import tokenize
from .wordclasses import FUNCTION_WORDS

PROBE_GROUP = "probed-concepts"


def _words(text: str) -> set[str]:
    return {token.stem for token in tokenize(text) if token.norm not in FUNCTION_WORDS and len(token.norm) > 3}


def _about_probe(concepts: list[Concept], probe: str | None) -> list[Concept]:
    """The concepts whose label, hint, probe or phrases share the most words with `probe`."""
    if not probe:
        return []
    asked = _words(probe)
    if not asked:
        return []
    overlaps: list[tuple[int, Concept]] = []
    for concept in concepts:
        phrases = " ".join(phrase if isinstance(phrase, str) else phrase.text for phrase in concept.phrases)
        own = _words(" ".join((concept.label, concept.hint, concept.probe, phrases)))
        overlaps.append((len(asked & own), concept))
    best = max(overlap for overlap, _ in overlaps)
    if best == 0:
        return []
    return [concept for overlap, concept in overlaps if overlap == best]


def _small_rubric(rubric: Rubric, concepts: list[Concept], scoring: Scoring, matching: Matching) -> Rubric:
    return rubric.model_copy(
        update={
            "concepts": [concept.model_copy(update={"requires": [], "required": False}) for concept in concepts],
            "groups": [Group(id=PROBE_GROUP, label="Probed concepts", concepts=[c.id for c in concepts])]
            if scoring.method == "rules"
            else [],
            "structure": Structure(),
            "scoring": scoring,
            "red_flags": [],
            "calibration": [],
            "matching": matching,
            "anchors": [],
        }
    )


def follow_up_rubric(rubric: Rubric, main_report: ScoreReport | None, probe: str | None = None) -> Rubric:
    """The rubric a follow-up answer is graded on (see the module docstring)."""
    results = {} if main_report is None else {c.id: c for c in main_report.concepts if c.kind == "concept"}
    # `hit` rather than `level`: reports stored by scorers before 2.0 have no level.
    missed = [concept for concept in rubric.concepts if concept.id in results and not results[concept.id].hit]
    if missed:
        chosen = _about_probe(missed, probe) or missed
        return _small_rubric(rubric, chosen, Scoring(), rubric.matching)
    chosen = (
        _about_probe(rubric.concepts, probe)
        or [c for c in rubric.concepts if c.id in results and results[c.id].hit and results[c.id].level == "mentioned"]
        or list(rubric.concepts)
    )
    need_full = min(2, len(chosen))
    rules = [Rule(points=100, when={PROBE_GROUP: need_full})]
    if need_full > 1:
        rules.append(Rule(points=70, when={PROBE_GROUP: 1}))
    depth_only = rubric.matching.model_copy(update={"mention_credit": 0.0})
    return _small_rubric(rubric, chosen, Scoring(method="rules", rules=rules, max_points=100), depth_only)


def score_follow_up(
    answer: str, rubric: Rubric, main_report: ScoreReport | None, probe: str | None = None
) -> ScoreReport:
    """Grade a follow-up answer on what it probes; the report stands alone (`kind="follow_up"`)."""
    small = follow_up_rubric(rubric, main_report, probe)
    report = score_answer(answer, small)
    return report.model_copy(update={"kind": "follow_up", "probed": [concept.id for concept in small.concepts]})
