"""Benchmark loading the shipped bank: cold (empty cache) and warm, against `import textual`.

Run:  python benchmarks/bank_load.py [--runs N] [--source DIR] [--compare DIR]

Each measurement is a fresh Python process, as a first launch is: `python -c "import textual"` (the
baseline, measured in the same run so the figures compare across machines), then loading the shipped
questions and rubrics with an empty cache folder (cold), then again with the cache it left (warm).
Wall time of the whole process and the load alone (from the first import of tpm_trainer) are
printed as medians, with ratios to the baseline. Target: cold well under 2 s.

`--compare DIR` times another checkout's `tpm_trainer` alongside, round by round (e.g. an older
commit unpacked with `git archive COMMIT tpm_trainer question_bank rubrics | tar -x -C DIR`), for
before/after figures on a shared machine.
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COLD_TARGET_SECONDS = 2.0

LOAD = """
import json, time
start = time.perf_counter()
from tpm_trainer.sources import Sources
bank = Sources.resolve(use_environment=False).load()
import tpm_trainer
print(json.dumps({"load": time.perf_counter() - start, "questions": len(bank.questions),
                  "rubrics": len(bank.rubrics), "errors": len(bank.errors), "package": tpm_trainer.__file__}))
"""


def _run(code: str, source: Path, cache: Path) -> tuple[float, dict[str, Any]]:
    cache.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(source),
        "XDG_CACHE_HOME": str(cache),
        "TPM_TRAINER_DB": str(cache / "unused.db"),
    }
    env.pop("TPM_TRAINER_BANK", None)
    env.pop("TPM_TRAINER_RUBRICS", None)
    start = time.perf_counter()
    # cwd: not the repository, whose `tpm_trainer` would shadow `source` (`-c` puts cwd first on sys.path).
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cache, capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - start
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "{}"
    return wall, json.loads(last)


def measure(runs: int, sources: list[Path]) -> tuple[list[float], list[dict[str, list[float]]]]:
    """Baseline times, and per source its cold and warm figures; sources alternate within each round
    so that a busy machine slows them alike."""
    baseline: list[float] = []
    figures: list[dict[str, list[float]]] = [
        {"cold": [], "cold_load": [], "warm": [], "warm_load": []} for _ in sources
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for number, source in enumerate(sources):  # compile bytecode once, for every side
            _run("import textual", source, Path(scratch))
            _run(LOAD, source, Path(scratch) / f"warmup-{number}")
        for index in range(runs):
            baseline.append(_run("import textual", sources[0], Path(scratch))[0])
            for number, source in enumerate(sources):
                cache = Path(scratch) / f"cache-{index}-{number}"
                wall, inside = _run(LOAD, source, cache)
                figures[number]["cold"].append(wall)
                figures[number]["cold_load"].append(inside["load"])
                wall, inside = _run(LOAD, source, cache)
                figures[number]["warm"].append(wall)
                figures[number]["warm_load"].append(inside["load"])
                if index == 0:
                    print(
                        f"{source}: {inside['questions']} questions, {inside['rubrics']} rubrics, "
                        f"{inside['errors']} errors (package {inside['package']})"
                    )
    return baseline, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source", type=Path, default=ROOT, help="folder holding the tpm_trainer package")
    parser.add_argument("--compare", type=Path, help="a second source (e.g. an older commit), timed alongside")
    options = parser.parse_args()
    sources = [options.source.resolve(), *([options.compare.resolve()] if options.compare else [])]
    baseline_times, figures = measure(options.runs, sources)
    baseline = statistics.median(baseline_times)
    print(f"runs: {options.runs}  (medians; ratio = time / `import textual` in the same run)")
    print(f"  python -c 'import textual'   {baseline * 1000:7.0f} ms   1.00x")
    for source, measured in zip(sources, figures, strict=True):
        print(f"{source}:")
        for name, label in (
            ("cold", "cold launch (process)"),
            ("cold_load", "cold load (in process)"),
            ("warm", "warm launch (process)"),
            ("warm_load", "warm load (in process)"),
        ):
            value = statistics.median(measured[name])
            print(f"  {label:<28} {value * 1000:7.0f} ms   {value / baseline:5.2f}x")
        cold = statistics.median(measured["cold"])
        verdict = "meets" if cold < COLD_TARGET_SECONDS else "MISSES"
        print(f"  cold launch {cold:.2f} s {verdict} the {COLD_TARGET_SECONDS:.0f} s target")


if __name__ == "__main__":
    main()
