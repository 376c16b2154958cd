"""Measure the rubric scorer against human graders on the ASAP-SAS short-answer sets 1, 2 and 10.

Every answer of the chosen split is scored with the project's real scorer (`score_answer`) against the
rubrics in `benchmarks/asap_sas/setN.yaml`; the predicted score is the rubric's points (`scoring.method:
rules`), clamped to the set's scale. The script prints, per set and overall, the quadratic weighted kappa
(QWK) against the official score, the exact agreement, and the reference figures of the dataset README.

    python benchmarks/asap_sas.py                 # test split, all sets
    python benchmarks/asap_sas.py --split train --set 1 --errors 20   # tune: show disagreements (train only)
    python benchmarks/asap_sas.py --split train --part dev            # tune on 4/5 of train ...
    python benchmarks/asap_sas.py --split train --part holdout        # ... and check on the fixed other 1/5
    python benchmarks/asap_sas.py --json

The data is read from `../shared/datasets/asap-sas/` (relative to the repository root) or `--data DIR`;
it is never copied into the repository.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "datasets" / "asap-sas"
RUBRIC_DIR = Path(__file__).resolve().parent / "asap_sas"

if str(REPO_ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(REPO_ROOT))

from tpm_trainer.models import Rubric  # noqa: E402
from tpm_trainer.scoring import score_answer  # noqa: E402

SETS = (1, 2, 10)
SCALE = {1: 3, 2: 3, 10: 2}
"""Highest score of each set (all start at 0)."""
REFERENCE = {
    1: {"human": 0.944, "ml": 0.813, "length": 0.168},
    2: {"human": 0.914, "ml": 0.777, "length": 0.199},
    10: {"human": 0.884, "ml": 0.747, "length": 0.425},
}
"""Reference QWK from the dataset README: human vs human (train), trained ML system (test), length baseline."""


class DataMissing(Exception):
    """The dataset folder or one of its files is not there."""


@dataclass
class SetResult:
    set: int
    n: int
    qwk: float
    exact: float
    confusion: list[list[int]] = field(default_factory=list)


def quadratic_weighted_kappa(rater_a: Sequence[int], rater_b: Sequence[int], low: int, high: int) -> float:
    """Cohen's kappa with quadratic weights for two integer ratings on the scale [low, high]."""
    if len(rater_a) != len(rater_b):
        raise ValueError("the two raters must rate the same items")
    if not rater_a:
        return 0.0
    size = high - low + 1
    observed = [[0] * size for _ in range(size)]
    for a, b in zip(rater_a, rater_b, strict=True):
        observed[a - low][b - low] += 1
    total = len(rater_a)
    hist_a = [sum(row) for row in observed]
    hist_b = [sum(observed[i][j] for i in range(size)) for j in range(size)]
    numerator = denominator = 0.0
    for i in range(size):
        for j in range(size):
            weight = (i - j) ** 2 / (size - 1) ** 2 if size > 1 else 0.0
            expected = hist_a[i] * hist_b[j] / total
            numerator += weight * observed[i][j]
            denominator += weight * expected
    return 1.0 - numerator / denominator if denominator else 1.0


def fisher_mean(kappas: Sequence[float]) -> float:
    """Mean of kappas through Fisher's z: tanh(mean(atanh(k))), with k clipped below 1."""
    if not kappas:
        return 0.0
    clipped = [max(-0.999, min(0.999, k)) for k in kappas]
    return math.tanh(sum(math.atanh(k) for k in clipped) / len(clipped))


def load_rubric(number: int, rubric_dir: Path = RUBRIC_DIR) -> Rubric:
    with (rubric_dir / f"set{number}.yaml").open(encoding="utf-8") as handle:
        return Rubric.model_validate(yaml.safe_load(handle))


HOLDOUT_EVERY = 5
"""`--part holdout` is every fifth train answer by Id (Id divisible by 5); `--part dev` the other four fifths."""


def in_part(answer_id: int, part: str) -> bool:
    """Whether a train answer belongs to `part` (all, dev or holdout): a fixed split, the same on every run."""
    if part == "all":
        return True
    held_out = answer_id % HOLDOUT_EVERY == 0
    return held_out if part == "holdout" else not held_out


def read_split(data_dir: Path, split: str, part: str = "all") -> list[tuple[int, int, str]]:
    """(set, official score, answer text) for every row of `split`.csv that falls in `part`."""
    path = data_dir / f"{split}.csv"
    if not data_dir.is_dir():
        raise DataMissing(f"ASAP-SAS data folder not found: {data_dir} (pass --data DIR)")
    if not path.is_file():
        raise DataMissing(f"ASAP-SAS file not found: {path} (pass --data DIR)")
    rows = []
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            if not in_part(int(row["Id"]), part):
                continue
            score = row.get("Score1") if "Score1" in row else row.get("Score")
            rows.append((int(row["EssaySet"]), int(score), row["EssayText"]))
    return rows


def predict(answer: str, rubric: Rubric, high: int):
    report = score_answer(answer, rubric)
    return max(0, min(high, int(round(report.points)))), report


def evaluate(rows, sets: Sequence[int], rubric_dir: Path = RUBRIC_DIR, errors: int = 0) -> list[SetResult]:
    results = []
    for number in sets:
        rubric = load_rubric(number, rubric_dir)
        high = SCALE[number]
        gold, pred, misses = [], [], []
        for essay_set, score, text in rows:
            if essay_set != number:
                continue
            guess, report = predict(text, rubric, high)
            gold.append(score)
            pred.append(guess)
            if errors and guess != score:
                misses.append((score, guess, text, report))
        if not gold:
            continue
        confusion = [[0] * (high + 1) for _ in range(high + 1)]
        for g, p in zip(gold, pred, strict=True):
            confusion[g][p] += 1
        exact = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
        results.append(SetResult(number, len(gold), quadratic_weighted_kappa(gold, pred, 0, high), exact, confusion))
        for score, guess, text, report in misses[:errors]:
            hits = ",".join(c.id for c in report.concepts if c.hit)
            negated = ",".join(c.id for c in report.concepts if c.negated)
            print(
                f"[set {number}] human {score} scorer {guess} hits: {hits or '-'}"
                + (f" negated: {negated}" if negated else "")
            )
            print("   ", " ".join(text.split())[:600])
    return results


def as_json(results: list[SetResult], split: str, seconds: float) -> dict:
    return {
        "split": split,
        "seconds": round(seconds, 2),
        "sets": [
            {
                "set": r.set,
                "n": r.n,
                "qwk": round(r.qwk, 4),
                "exact": round(r.exact, 4),
                "confusion": r.confusion,
                "reference": REFERENCE[r.set],
            }
            for r in results
        ],
        "overall": {
            "qwk_fisher_mean": round(fisher_mean([r.qwk for r in results]), 4),
            "exact": round(sum(r.exact * r.n for r in results) / max(1, sum(r.n for r in results)), 4),
            "reference": {
                key: round(fisher_mean([REFERENCE[r.set][key] for r in results]), 4)
                for key in ("human", "ml", "length")
            },
        },
    }


def as_table(summary: dict) -> str:
    lines = [
        f"ASAP-SAS agreement with the official score ({summary['split']} split, {summary['seconds']} s)",
        "",
        "| set | answers | QWK | exact | human vs human | trained ML (5th) | length baseline |",
        "|---|---|---|---|---|---|---|",
    ]
    for item in summary["sets"]:
        ref = item["reference"]
        lines.append(
            f"| {item['set']} | {item['n']} | {item['qwk']:.3f} | {item['exact']:.1%} | "
            f"{ref['human']:.3f} | {ref['ml']:.3f} | {ref['length']:.3f} |"
        )
    overall = summary["overall"]
    ref = overall["reference"]
    total = sum(item["n"] for item in summary["sets"])
    lines.append(
        f"| overall (Fisher z) | {total} | {overall['qwk_fisher_mean']:.3f} | {overall['exact']:.1%} | "
        f"{ref['human']:.3f} | {ref['ml']:.3f} | {ref['length']:.3f} |"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, rubric_dir: Path = RUBRIC_DIR) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with train.csv and test.csv")
    parser.add_argument("--split", choices=("train", "test"), default="test")
    parser.add_argument(
        "--part",
        choices=("all", "dev", "holdout"),
        default="all",
        help="train only: a fixed four fifths (dev) or fifth (holdout) of the split, to tune on one and check on the other",
    )
    parser.add_argument("--set", type=int, choices=SETS, action="append", dest="sets", help="only this set")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--errors",
        type=int,
        default=0,
        metavar="N",
        help="print N disagreements per set (train split only: tune on train)",
    )
    args = parser.parse_args(argv)
    if args.errors and args.split != "train":
        print("error: --errors only works with --split train (the test split is for reporting)", file=sys.stderr)
        return 2
    if args.part != "all" and args.split != "train":
        print("error: --part only works with --split train", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        rows = read_split(args.data, args.split, args.part)
    except DataMissing as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    results = evaluate(rows, args.sets or SETS, rubric_dir, args.errors)
    summary = as_json(results, args.split, time.perf_counter() - started)
    print(json.dumps(summary, indent=2) if args.json else as_table(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
