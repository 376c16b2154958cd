"""Start-up of the command line, as ratios against `python -c "import textual"` measured in the same run.

`tpm-trainer --help` and `--version` import no bank, no pydantic models, no sqlite-utils and no
scorer, so they should start faster than merely importing Textual (target: ratio < 1).

Run: python benchmarks/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="Runs of each command (the median is reported).")
    runs = parser.parse_args().runs
    baseline = median_seconds([sys.executable, "-c", "import textual"], runs)
    print(f"python -c 'import textual': {baseline * 1000:.0f} ms")
    for args in (["--help"], ["--version"]):
        seconds = median_seconds([sys.executable, "-m", "tpm_trainer", *args], runs)
        print(f"tpm-trainer {args[0]}: {seconds * 1000:.0f} ms, ratio {seconds / baseline:.2f} (target < 1)")
    modules = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tpm_trainer.cli"], capture_output=True, text=True, check=True
    ).stderr
    heavy = [
        name
        for name in ("pydantic", "sqlite_utils", "tpm_trainer.bank", "tpm_trainer.scoring")
        if f" {name}\n" in modules
    ]
    print(f"heavy modules imported by tpm_trainer.cli: {', '.join(heavy) or 'none'}")


if __name__ == "__main__":
    main()
