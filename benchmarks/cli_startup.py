"""Start-up of the command line, as ratios against `python -c "import textual"` measured in the same run.

`tpm-trainer --help` and `--version` import no bank, no pydantic models, no sqlite-utils and no scorer;
`tpm-trainer questions` with a fresh bank cache reads the cached question list and imports neither pydantic
nor the models. All three should start faster than merely importing Textual (target: ratio < 1).
Times are the CPU time charged to each child process, the least of N alternating runs (`child_cpu.py`).

Run: python benchmarks/cli_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from child_cpu import min_cpu_seconds

HEAVY = ("pydantic", "tpm_trainer.models", "sqlite_utils", "tpm_trainer.bank", "tpm_trainer.scoring", "platformdirs")


def heavy_modules(args: list[str]) -> list[str]:
    """The heavy modules that `tpm-trainer ARGS` imports."""
    code = (
        "import sys\nfrom tpm_trainer.cli import main\n"
        f"try:\n    main({args!r}, prog_name='tpm-trainer')\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(name for name in {HEAVY!r} if name in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.splitlines()[-1].split() if done.stdout.strip() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="Runs of each command (the least is reported).")
    runs = parser.parse_args().runs
    commands = {"python -c 'import textual'": [sys.executable, "-c", "import textual"]}
    for args in (["--help"], ["--version"], ["questions"]):
        commands[f"tpm-trainer {args[0]}"] = [sys.executable, "-m", "tpm_trainer", *args]
    seconds = min_cpu_seconds(commands, runs)
    baseline = seconds.pop("python -c 'import textual'")
    print(f"python -c 'import textual': {baseline * 1000:.0f} ms CPU")
    for name, cost in seconds.items():
        print(f"{name}: {cost * 1000:.0f} ms CPU, ratio {cost / baseline:.2f} (target < 1)")
    for args in (["--version"], ["questions"]):
        print(f"heavy modules imported by tpm-trainer {args[0]}: {', '.join(heavy_modules(args)) or 'none'}")


if __name__ == "__main__":
    main()
