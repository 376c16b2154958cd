"""Anti-gaming benchmark: blind answers scored against the shipped rubrics.

Reads tests/fixtures/anti_gaming/*.yaml (answers written from the prompts alone by people who never saw a
rubric): per question `strong`, `plain` (strong in everyday English), `medium`, `weak` and three gaming
kinds (`buzzwords`, `negated`, `reckless`). Three more gaming kinds are derived here, deterministically:
`shuffled` (the strong answer's words in a seeded random order), `repeated` (one sentence of the strong
answer repeated to the strong answer's length) and `off_topic` (the next question's strong answer).

Targets: strong > medium > weak on every question; strong Hire or better on >= 90%; plain on >= 80%;
medium rated Strong hire on <= 10%; weak rated No hire on >= 95%; gaming answers Hire or better on at
most 1 in 30.

Run: python benchmarks/anti_gaming.py [--json] [--details] [--answers DIR] [--bank DIR] [--rubrics DIR]
(`--bank`/`--rubrics` add question and rubric folders, as the app's options do: benchmarks/foreign_rubrics)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from tpm_trainer.models import Question, Rubric
from tpm_trainer.scoring import score_answer
from tpm_trainer.scoring.topics import TopicIndex
from tpm_trainer.sources import Sources

ANSWERS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "anti_gaming"
WRITTEN_KINDS = ("strong", "plain", "medium", "weak")
GAMING_KINDS = ("buzzwords", "negated", "reckless", "shuffled", "repeated", "off_topic")
TOP = ("Strong hire", "Hire")
TARGETS = {
    "strong_hire_or_better": 0.90,
    "plain_hire_or_better": 0.80,
    "medium_strong_hire_at_most": 0.10,
    "weak_no_hire": 0.95,
    "gaming_hire_or_better_at_most": 1 / 30,
}
SEED = 20261202


@dataclass(frozen=True)
class Scored:
    """One answer's result."""

    question: str
    kind: str
    score: float
    band: str
    caps: tuple[str, ...]


def load_answers(folder: Path = ANSWERS) -> list[tuple[str, dict[str, str]]]:
    """(question id, answers by kind) for every question of every answers file, in file order."""
    questions: list[tuple[str, dict[str, str]]] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("questions", []):
            questions.append((str(entry["id"]), {k: str(v) for k, v in entry["answers"].items()}))
    return questions


def derive_gaming(questions: list[tuple[str, dict[str, str]]]) -> list[tuple[str, dict[str, str]]]:
    """Add `shuffled`, `repeated` and `off_topic` answers to every question (seeded, deterministic)."""
    derived: list[tuple[str, dict[str, str]]] = []
    for position, (question_id, answers) in enumerate(questions):
        if "strong" not in answers:  # a file of some kinds only (e.g. negated rewrites): nothing to derive
            derived.append((question_id, answers))
            continue
        strong = answers["strong"]
        rng = random.Random(f"{SEED}-{question_id}")
        words = strong.split()
        rng.shuffle(words)
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", strong) if len(s.split()) >= 6]
        sentence = rng.choice(sentences) if sentences else strong
        repeats = max(2, len(strong) // max(1, len(sentence) + 1))
        following = questions[position + 1 :] + questions[:position]
        other = next((entry[1]["strong"] for entry in following if "strong" in entry[1]), strong)
        derived.append(
            (
                question_id,
                {
                    **answers,
                    "shuffled": " ".join(words),
                    "repeated": " ".join([sentence] * repeats),
                    "off_topic": other,
                },
            )
        )
    return derived


def score_all(
    questions: list[tuple[str, dict[str, str]]],
    bank_questions: dict[str, Question],
    rubrics: dict[str, Rubric],
    topics: TopicIndex | None = None,
) -> tuple[list[Scored], list[str]]:
    """Score every answer against its question's rubric; also list the questions skipped (no rubric)."""
    results: list[Scored] = []
    skipped: list[str] = []
    for question_id, answers in questions:
        rubric = rubrics.get(question_id)
        question = bank_questions.get(question_id)
        if rubric is None or question is None:
            skipped.append(question_id)
            continue
        for kind, answer in answers.items():
            report = score_answer(answer, rubric, question, topics)
            results.append(Scored(question_id, kind, report.score, report.band, tuple(c.kind for c in report.caps)))
    return results, skipped


def summarise(results: list[Scored]) -> dict[str, object]:
    """The target figures, with the failing cases named."""

    def of(kind: str) -> list[Scored]:
        return [r for r in results if r.kind == kind]

    def share(rows: list[Scored], bands: tuple[str, ...]) -> float:
        return round(sum(r.band in bands for r in rows) / len(rows), 3) if rows else 0.0

    by_question: dict[str, dict[str, Scored]] = {}
    for result in results:
        by_question.setdefault(result.question, {})[result.kind] = result
    ordered = {
        question: kinds for question, kinds in by_question.items() if {"strong", "medium", "weak"} <= kinds.keys()
    }
    order_failures = [
        question
        for question, kinds in ordered.items()
        if not kinds["strong"].score > kinds["medium"].score > kinds["weak"].score
    ]
    gaming = [r for r in results if r.kind in GAMING_KINDS]
    gaming_passing = [r for r in gaming if r.band in TOP]
    figures: dict[str, object] = {
        "questions": len(by_question),
        "order_strong_medium_weak": f"{len(ordered) - len(order_failures)}/{len(ordered)}",
        "order_failures": order_failures,
        "strong_hire_or_better": share(of("strong"), TOP),
        "plain_hire_or_better": share(of("plain"), TOP),
        "medium_strong_hire": share(of("medium"), ("Strong hire",)),
        "weak_no_hire": share(of("weak"), ("No hire",)),
        "gaming_hire_or_better": f"{len(gaming_passing)}/{len(gaming)}",
        "gaming_hire_or_better_share": round(len(gaming_passing) / len(gaming), 3) if gaming else 0.0,
        "gaming_passing": [f"{r.question}:{r.kind} {r.score:g} {r.band}" for r in gaming_passing],
        "mean_score": {
            kind: round(sum(r.score for r in of(kind)) / len(of(kind)), 1)
            for kind in (*WRITTEN_KINDS, *GAMING_KINDS)
            if of(kind)
        },
        "strong_below_hire": [
            f"{r.question} {r.score:g} {r.band} {list(r.caps)}" for r in of("strong") if r.band not in TOP
        ],
        "plain_below_hire": [
            f"{r.question} {r.score:g} {r.band} {list(r.caps)}" for r in of("plain") if r.band not in TOP
        ],
        "medium_strong_hire_cases": [f"{r.question} {r.score:g}" for r in of("medium") if r.band == "Strong hire"],
        "weak_above_no_hire": [f"{r.question} {r.score:g} {r.band}" for r in of("weak") if r.band != "No hire"],
    }
    return figures


def run(
    folder: Path = ANSWERS, bank_dirs: tuple[Path, ...] = (), rubric_dirs: tuple[Path, ...] = ()
) -> tuple[dict[str, object], list[Scored]]:
    """Load the bank (with any extra question and rubric folders) and the answers, score, summarise."""
    bank = Sources.resolve(bank_dirs, rubric_dirs).load()
    questions = derive_gaming(load_answers(folder))
    rubrics = {qid: rubric for qid in bank.questions if (rubric := bank.rubric_for(qid)) is not None}
    results, skipped = score_all(questions, dict(bank.questions), rubrics, bank.topics)  # as the app scores
    figures = summarise(results)
    figures["skipped"] = skipped
    return figures, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--details", action="store_true", help="print every answer's score and band")
    parser.add_argument("--answers", type=Path, default=ANSWERS, help="folder of answers files")
    parser.add_argument("--bank", type=Path, action="append", default=[], help="extra question folder")
    parser.add_argument("--rubrics", type=Path, action="append", default=[], help="extra rubric folder")
    args = parser.parse_args()
    figures, results = run(args.answers, tuple(args.bank), tuple(args.rubrics))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    if args.details:
        for r in results:
            print(f"{r.question:45} {r.kind:10} {r.score:6.1f} {r.band:13} {','.join(r.caps)}")
    print(f"questions: {figures['questions']} (skipped, no rubric: {figures['skipped'] or 'none'})")
    print(f"strong > medium > weak: {figures['order_strong_medium_weak']}  failures: {figures['order_failures']}")
    print(f"strong Hire or better: {figures['strong_hire_or_better']:.0%} (target >= 90%)")
    print(f"plain-English strong Hire or better: {figures['plain_hire_or_better']:.0%} (target >= 80%)")
    print(f"medium rated Strong hire: {figures['medium_strong_hire']:.0%} (target <= 10%)")
    print(f"weak rated No hire: {figures['weak_no_hire']:.0%} (target >= 95%)")
    print(f"gaming answers Hire or better: {figures['gaming_hire_or_better']} (target at most 1 in 30)")
    print(f"mean scores: {figures['mean_score']}")
    for key in (
        "strong_below_hire",
        "plain_below_hire",
        "medium_strong_hire_cases",
        "weak_above_no_hire",
        "gaming_passing",
    ):
        if figures[key]:
            print(f"{key}: {figures[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
