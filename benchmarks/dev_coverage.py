"""Phrase-coverage check on the development answers (not a measurement).

Reads benchmarks/dev_answers/*.yaml: for questions outside the anti-gaming and held-out sets, excellent
answers in everyday English (`plain`, and `plain2` in the first two files), shallow `medium` answers (first
two files) and practitioner `strong` answers (files h and i, 29 questions, read during issue 9's third
pass), written from the prompts alone. Each answer is scored with its shipped rubric, as the CLI scores it. Prints per kind the mean score,
the share at Hire or better and the share at Strong hire; `--details` adds every answer's band and its
missed, mentioned and rejected concepts, with each concept's hint, to show which wordings the rubric and
lexicon miss.

These answers are used to widen the lexicon, so their figures are tuned-on figures: they show progress
while working, never how well the scorer generalises (the frozen blind benchmark does that).

Run: python benchmarks/dev_coverage.py [--details] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling benchmark whose reader is shared

import anti_gaming

from tpm_trainer.models import ScoreReport
from tpm_trainer.scoring import score_answer
from tpm_trainer.sources import Sources

ANSWERS = Path(__file__).resolve().parent / "dev_answers"
KINDS = ("plain", "plain2", "medium")
HIRE_OR_BETTER = ("Strong hire", "Hire")


@dataclass(frozen=True)
class Scored:
    """One development answer's result."""

    question: str
    """Question id."""
    kind: str
    """Answer kind (`plain`, `plain2`, `medium`)."""
    report: ScoreReport
    """The scorer's full report."""


def load_answers(folder: Path = ANSWERS) -> list[tuple[str, dict[str, str]]]:
    """(question id, answers by kind) for every question of every answers file, in file order: the same
    answers-file format as the anti-gaming benchmark, read by its reader."""
    return anti_gaming.load_answers(folder)


def score_all(folder: Path = ANSWERS) -> tuple[list[Scored], list[str]]:
    """Score every answer with its question's shipped rubric; also list the questions skipped (no rubric)."""
    bank = Sources.resolve().load()
    results: list[Scored] = []
    skipped: list[str] = []
    for question_id, answers in load_answers(folder):
        rubric = bank.rubric_for(question_id)
        question = bank.questions.get(question_id)
        if rubric is None or question is None:
            skipped.append(question_id)
            continue
        for kind, answer in answers.items():
            results.append(Scored(question_id, kind, score_answer(answer, rubric, question)))
    return results, skipped


def summarise(results: list[Scored]) -> dict[str, dict[str, float]]:
    """Per kind: answers, mean score, share at Hire or better, share at Strong hire."""
    figures: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        rows = [r.report for r in results if r.kind == kind]
        if not rows:
            continue
        figures[kind] = {
            "answers": len(rows),
            "mean": round(sum(r.score for r in rows) / len(rows), 1),
            "hire_or_better": round(sum(r.band in HIRE_OR_BETTER for r in rows) / len(rows), 3),
            "strong_hire": round(sum(r.band == "Strong hire" for r in rows) / len(rows), 3),
        }
    return figures


def details(result: Scored) -> list[str]:
    """One answer's band, then its concepts that fell short of `used`, with their hints."""
    report = result.report
    caps = ", ".join(cap.kind for cap in report.caps)
    lines = [f"{result.question:45} {result.kind:7} {report.score:5.1f} {report.band}{f' [{caps}]' if caps else ''}"]
    for concept in report.concepts:
        if concept.kind != "concept" or concept.level == "used":
            continue
        required = " (required)" if concept.required else ""
        lines.append(f"    {concept.level:9} {concept.id}{required}: {concept.hint or concept.label}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="print every answer's band and weak concepts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--answers", type=Path, default=ANSWERS, help="folder of answers files")
    parser.add_argument("--kind", choices=KINDS, help="with --details, only answers of this kind")
    args = parser.parse_args()
    results, skipped = score_all(args.answers)
    figures = summarise(results)
    if args.json:
        print(json.dumps({"figures": figures, "skipped": skipped}, indent=2))
        return 0
    if args.details:
        for result in results:
            if args.kind is None or result.kind == args.kind:
                print("\n".join(details(result)))
    print(f"questions: {len({r.question for r in results})} (skipped, no rubric: {skipped or 'none'})")
    for kind, row in figures.items():
        print(
            f"{kind:7} n={row['answers']:<3g} mean {row['mean']:5.1f}  Hire or better {row['hire_or_better']:.0%}"
            f"  Strong hire {row['strong_hire']:.0%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
