"""Held-out check of the shipped rubrics against answers their authors never saw.

The rubrics under `rubrics/` were calibrated on their own example answers, so passing their own
calibration says little about how they treat a new candidate. This benchmark scores a separate set of
answers, written blind to the rubrics (`bank_holdout/answers.yaml`: for each question one answer a
senior TPM interviewer would rate strong and one weak answer), and reports how well the bands agree:

- per label (strong / weak): the mean score and how many answers landed in each band;
- the share of strong answers banded Strong hire or Hire;
- the share of weak answers banded Lean no hire or No hire;
- the share of questions where the strong answer scores higher than the weak one;
- the misses: every answer whose band is on the wrong side for its label.

Usage:
    python benchmarks/bank_holdout.py [ANSWERS_FILE] [--json]

Question ids that are not in the bank, or that have no rubric, are reported one line each and skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from statistics import mean

import yaml

from tpm_trainer.scoring import score_answer
from tpm_trainer.sources import Sources

DEFAULT_ANSWERS = Path(__file__).parent / "bank_holdout" / "answers.yaml"
BANDS = ("Strong hire", "Hire", "Lean no hire", "No hire")
PASSING = {"strong": {"Strong hire", "Hire"}, "weak": {"Lean no hire", "No hire"}}


def load_answers(path: Path) -> list[dict]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise SystemExit(f"{path}: expected a YAML list of answers")
    return entries


def evaluate(entries: list[dict]) -> dict:
    """Score every entry and summarise the agreement between labels and bands."""
    bank = Sources.resolve().load()
    results, skipped = [], []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            skipped.append(f"entry {number}: not a mapping")
            continue
        question_id = str(entry.get("question", ""))
        label = entry.get("label")
        answer = entry.get("answer") or ""
        if label not in PASSING:
            skipped.append(f"entry {number}: label {label!r} is not strong or weak")
        elif question_id not in bank.questions:
            skipped.append(f"entry {number}: unknown question id `{question_id}`")
        elif (rubric := bank.rubric_for(question_id)) is None:
            skipped.append(f"entry {number}: question `{question_id}` has no rubric")
        else:
            report = score_answer(answer, rubric)
            results.append(
                {"question": question_id, "label": label, "score": round(report.score, 1), "band": report.band}
            )

    per_label = {}
    for label in PASSING:
        rows = [r for r in results if r["label"] == label]
        bands = Counter(r["band"] for r in rows)
        per_label[label] = {
            "count": len(rows),
            "mean_score": round(mean(r["score"] for r in rows), 1) if rows else None,
            "bands": {band: bands.get(band, 0) for band in (*BANDS, *sorted(set(bands) - set(BANDS)))},
            "share_in_expected_bands": share(sum(r["band"] in PASSING[label] for r in rows), len(rows)),
        }

    by_question: dict[str, dict[str, float]] = {}
    for r in results:
        by_question.setdefault(r["question"], {})[r["label"]] = r["score"]
    pairs = {q: s for q, s in by_question.items() if "strong" in s and "weak" in s}
    not_ordered = sorted(q for q, s in pairs.items() if s["strong"] <= s["weak"])

    return {
        "answers_scored": len(results),
        "per_label": per_label,
        "strong_banded_hire_or_better": per_label["strong"]["share_in_expected_bands"],
        "weak_banded_lean_no_hire_or_worse": per_label["weak"]["share_in_expected_bands"],
        "questions_compared": len(pairs),
        "strong_beats_weak": share(len(pairs) - len(not_ordered), len(pairs)),
        "strong_not_above_weak": not_ordered,
        "misses": [r for r in results if r["band"] not in PASSING[r["label"]]],
        "skipped": skipped,
    }


def share(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def print_text(summary: dict) -> None:
    for line in summary["skipped"]:
        print(f"skipped: {line}")
    print(f"answers scored: {summary['answers_scored']}")
    for label, stats in summary["per_label"].items():
        bands = ", ".join(f"{band} {n}" for band, n in stats["bands"].items())
        print(f"{label:>6}: n={stats['count']}  mean score {stats['mean_score']}  bands: {bands}")
    print(f"strong answers banded Strong hire or Hire:  {percent(summary['strong_banded_hire_or_better'])}")
    print(f"weak answers banded Lean no hire or No hire: {percent(summary['weak_banded_lean_no_hire_or_worse'])}")
    print(
        f"strong scores higher than weak: {percent(summary['strong_beats_weak'])}"
        f" of {summary['questions_compared']} questions"
    )
    if summary["strong_not_above_weak"]:
        print("  not ordered: " + ", ".join(summary["strong_not_above_weak"]))
    print(f"misses ({len(summary['misses'])}):")
    for miss in sorted(summary["misses"], key=lambda m: (m["label"], m["question"])):
        print(f"  {miss['question']:<45} {miss['label']:<6} {miss['score']:>5.1f}  {miss['band']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("answers", nargs="?", type=Path, default=DEFAULT_ANSWERS, help="held-out answers YAML")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    summary = evaluate(load_answers(args.answers))
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print_text(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
