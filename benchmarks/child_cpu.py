"""CPU time of child processes, for start-up ratios on a shared, noisy machine.

Each command's cost is the user plus system time the kernel charges to the finished child
(`getrusage(RUSAGE_CHILDREN)` before and after), so time spent waiting for a busy CPU is not counted.
The commands are run in turn, round after round, so a burst of load hits them alike; the minimum of each
is reported, being the run least disturbed.
"""

from __future__ import annotations

import resource
import subprocess


def child_cpu_seconds(command: list[str]) -> float:
    """User plus system CPU seconds of one run of `command` (output discarded)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def min_cpu_seconds(commands: dict[str, list[str]], runs: int = 15) -> dict[str, float]:
    """The least CPU time of each command over `runs` alternating rounds, after one warm-up round (disk
    cache, bank cache)."""
    for command in commands.values():
        child_cpu_seconds(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(child_cpu_seconds(command))
    return {name: min(times) for name, times in samples.items()}
