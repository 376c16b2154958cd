"""Benchmark loading the shipped bank: cold (empty cache) and warm, against `import textual`.

Run:  python benchmarks/bank_load.py [--runs N] [--source DIR]

Each measurement is a fresh Python process, as a first launch is: `python -c "import textual"` (the
baseline, measured in the same run so the figures compare across machines), then loading the shipped
questions and rubrics with an empty cache folder (cold), then again with the cache it left (warm).
Wall time of the whole process and the load alone (from the first import of tpm_trainer) are
printed as medians, with ratios to the baseline. Target: cold well under 2 s.

`--source DIR` times another checkout's `tpm_trainer` (e.g. an older commit unpacked with
`git archive COMMIT tpm_trainer question_bank rubrics | tar -x -C DIR`) for before/after figures.
Nothing is written outside temporary folders.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLD_TARGET_SECONDS = 2.0

LOAD = """
import json, time
start = time.perf_counter()
from tpm_trainer.sources import Sources
bank = Sources.resolve(use_environment=False).load()
print(json.dumps({"load": time.perf_counter() - start, "questions": len(bank.questions),
                  "rubrics": len(bank.rubrics), "errors": len(bank.errors)}))
"""


def _run(code: str, source: Path, cache: Path) -> tuple[float, dict[str, float]]:
    env = {
        **os.environ,
        "PYTHONPATH": str(source),
        "XDG_CACHE_HOME": str(cache),
        "TPM_TRAINER_DB": str(cache / "unused.db"),
    }
    env.pop("TPM_TRAINER_BANK", None)
    env.pop("TPM_TRAINER_RUBRICS", None)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "{}"
    return wall, json.loads(last)


def measure(runs: int, source: Path) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {"textual": [], "cold": [], "cold_load": [], "warm": [], "warm_load": []}
    with tempfile.TemporaryDirectory() as scratch:
        _run("import textual", source, Path(scratch))  # compile bytecode once, for both sides
        _run(LOAD, source, Path(scratch) / "warmup")
        for index in range(runs):
            cache = Path(scratch) / f"cache-{index}"
            cache.mkdir()
            figures["textual"].append(_run("import textual", source, cache)[0])
            wall, inside = _run(LOAD, source, cache)
            figures["cold"].append(wall)
            figures["cold_load"].append(inside["load"])
            wall, inside = _run(LOAD, source, cache)
            figures["warm"].append(wall)
            figures["warm_load"].append(inside["load"])
            if index == 0:
                print(f"bank: {inside['questions']} questions, {inside['rubrics']} rubrics, {inside['errors']} errors")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, default=ROOT, help="folder holding the tpm_trainer package")
    options = parser.parse_args()
    figures = measure(options.runs, options.source.resolve())
    baseline = statistics.median(figures["textual"])
    print(f"source: {options.source}  runs: {options.runs}  (medians; ratio = time / `import textual`)")
    print(f"  python -c 'import textual'   {baseline * 1000:7.0f} ms   1.00x")
    for name, label in (
        ("cold", "cold launch (process)"),
        ("cold_load", "cold load (in process)"),
        ("warm", "warm launch (process)"),
        ("warm_load", "warm load (in process)"),
    ):
        value = statistics.median(figures[name])
        print(f"  {label:<28} {value * 1000:7.0f} ms   {value / baseline:5.2f}x")
    cold = statistics.median(figures["cold"])
    verdict = "meets" if cold < COLD_TARGET_SECONDS else "MISSES"
    print(f"cold launch {cold:.2f} s {verdict} the {COLD_TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
