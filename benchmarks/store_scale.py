"""The store at 1k, 10k and 100k attempts: is every screen and command still quick?

Builds databases with the real store and realistic reports (a few hundred distinct answers to the
shipped questions, scored with the real scorer and reused), then measures for each size:
open, the history list's first page, the progress screen's queries, the home screen's statistics,
a text search, `export` (wall time and peak memory of the real command in a child process),
`rescore` with nothing to do (the real command, median of 3 runs), and `rescore --all` throughput (library, on a
sample of 500 attempts). Targets at 100k: open <= 20 ms, history page and progress < 300 ms, home
< 50 ms, export peak memory < 150 MB, rescore with nothing to do < 2 s, nothing worse than linear.

Run: python benchmarks/store_scale.py [--sizes 1000,10000,100000] [--keep DIR]
The last line reads `scale 100k: open=... ms history=... ms progress=... ms export=... s/... MB rescore-noop=... s`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tpm_trainer.models import Question, Rubric, ScoreReport
from tpm_trainer.rescoring import plan_rescore, rescore
from tpm_trainer.scoring import score_answer, score_follow_up
from tpm_trainer.sources import Sources
from tpm_trainer.store import Store

DISTINCT_ANSWERS = 300
FOLLOW_UP_EVERY = 4
SESSION_SIZE = 3
SAMPLE_WORDS = [
    "we",
    "would",
    "start",
    "with",
    "a",
    "small",
    "canary",
    "then",
    "roll",
    "out",
    "in",
    "waves",
    "across",
    "regions",
    "watching",
    "error",
    "rates",
    "latency",
    "and",
    "saturation",
    "dashboards",
    "before",
    "each",
    "gate",
    "the",
    "stakeholders",
    "get",
    "a",
    "weekly",
    "status",
    "update",
    "with",
    "risks",
    "owners",
    "and",
    "dates",
    "we",
    "agreed",
    "the",
    "milestones",
    "with",
    "engineering",
    "and",
    "product",
    "defined",
    "success",
    "metrics",
    "and",
    "a",
    "rollback",
    "plan",
    "escalated",
    "blockers",
    "early",
    "and",
    "kept",
    "a",
    "risk",
    "register",
    "reviewed",
    "every",
    "week",
    "with",
    "the",
    "leads",
]


def label(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def answer_pool(questions: list[Question], rubrics: dict[str, Rubric], rng: random.Random) -> list[dict[str, Any]]:
    """Distinct answers with their real reports (main and a follow-up), reused to fill databases."""
    pool = []
    for number in range(DISTINCT_ANSWERS):
        question = questions[number % len(questions)]
        rubric = rubrics[question.id]
        phrases = [phrase for concept in rubric.concepts for phrase in concept.phrases if isinstance(phrase, str)]
        words = rng.choices(SAMPLE_WORDS, k=rng.randint(120, 320))
        picked = rng.sample(phrases, k=min(len(phrases), rng.randint(1, max(1, len(phrases) // 2))))
        answer = " ".join(words[:60] + picked + words[60:])
        report = score_answer(answer, rubric)
        follow_answer = " ".join(rng.choices(SAMPLE_WORDS, k=60) + rng.sample(phrases, k=min(2, len(phrases))))
        follow_report = score_follow_up(follow_answer, rubric, report)
        pool.append(
            {
                "question": question,
                "answer": answer,
                "report": report,
                "follow": follow_answer,
                "follow_report": follow_report,
            }
        )
    return pool


def build(path: Path, size: int, pool: list[dict[str, Any]], rng: random.Random) -> float:
    """A database of `size` attempts (main answers, follow-ups, mock sessions over a year)."""
    started = time.perf_counter()
    store = Store.open(path)
    start_day = datetime(2025, 1, 1, tzinfo=UTC)
    written = 0
    session_id: str | None = None
    while written < size:
        with store.write():
            for _ in range(min(1000, size - written)):
                entry = pool[rng.randrange(len(pool))]
                question: Question = entry["question"]
                when = start_day + timedelta(seconds=int(written * 365 * 86400 / size))
                if written % SESSION_SIZE == 0:
                    session_id = store.start_session("mock", {"count": SESSION_SIZE})
                common = {
                    "question_id": question.id,
                    "category": question.category,
                    "started_at": when.isoformat(timespec="seconds"),
                    "ended_at": (when + timedelta(minutes=6)).isoformat(timespec="seconds"),
                    "mode": "mock",
                    "time_limit_seconds": question.time_limit_minutes * 60,
                    "time_used_seconds": float(rng.randint(60, 600)),
                    "session_id": session_id,
                    "prompt": question.prompt,
                }
                main_id = store.save_attempt(answer=entry["answer"], report=entry["report"], **common)
                written += 1
                if written % FOLLOW_UP_EVERY == 0 and written < size:
                    report: ScoreReport = entry["follow_report"]
                    store.save_attempt(
                        answer=entry["follow"], report=report, parent_attempt_id=main_id, **{**common, "prompt": "Why?"}
                    )
                    written += 1
    store.close()
    return time.perf_counter() - started


def median_ms(call: Any, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def command(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of the real command in a child process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "started = time.perf_counter()\n"
        f"result = subprocess.run({[sys.executable, '-m', 'tpm_trainer', *args]!r}, capture_output=True)\n"
        "elapsed = time.perf_counter() - started\n"
        "assert result.returncode == 0, result.stderr.decode()[-2000:]\n"
        "print(elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    return float(output[0]), float(output[1])


def measure(path: Path, bank: Any, folder: Path) -> dict[str, float]:
    today = "2025-12-31"
    figures: dict[str, float] = {}
    figures["open_ms"] = median_ms(lambda: Store.open(path).close())
    store = Store.open(path)
    try:
        figures["history_ms"] = median_ms(lambda: store.attempt_summaries(limit=50))
        figures["progress_ms"] = median_ms(lambda: store.progress_statistics(today))
        figures["home_ms"] = median_ms(lambda: store.home_statistics(today))
        figures["search_ms"] = median_ms(lambda: store.attempt_summaries(limit=50, text="stakeholders weekly"))
        sample = plan_rescore(store, bank, everything=True)[:500]
        started = time.perf_counter()
        done = sum(1 for _ in rescore(store, bank, sample))
        figures["rescore_all_ms_per_attempt"] = (time.perf_counter() - started) * 1000 / max(done, 1)
    finally:
        store.close()
    export_file = folder / "export.json"
    figures["export_s"], figures["export_mb"] = command(["--db", str(path), "export", "-o", str(export_file)])
    export_file.unlink()
    noop_runs = [command(["--db", str(path), "rescore"]) for _ in range(3)]  # median of 3: cheap, steadier
    figures["rescore_noop_s"] = statistics.median(seconds for seconds, _ in noop_runs)
    figures["rescore_noop_mb"] = max(megabytes for _, megabytes in noop_runs)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="Comma-separated numbers of attempts.")
    parser.add_argument("--keep", type=Path, help="Build the databases in this folder and keep them.")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    bank = Sources.resolve((), ()).load()
    questions = [bank.questions[qid] for qid in sorted(bank.rubrics)]
    rng = random.Random(14)
    started = time.perf_counter()
    pool = answer_pool(questions, dict(bank.rubrics), rng)
    print(f"answer pool: {len(pool)} distinct answers scored in {time.perf_counter() - started:.1f} s")
    folder = options.keep or Path(tempfile.mkdtemp(prefix="store-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, float]] = {}
    try:
        for size in sizes:
            path = folder / f"history-{label(size)}.db"
            if path.exists() and options.keep:
                build_s = 0.0
            else:
                for stale in folder.glob(f"history-{label(size)}.db*"):
                    stale.unlink()
                build_s = build(path, size, pool, rng)
            figures = measure(path, bank, folder)
            results[size] = figures
            print(
                f"{label(size):>5}: built {build_s:.1f} s, {path.stat().st_size / 1e6:.0f} MB; "
                f"open {figures['open_ms']:.1f} ms, history page {figures['history_ms']:.1f} ms, "
                f"progress {figures['progress_ms']:.1f} ms, home {figures['home_ms']:.1f} ms, "
                f"search {figures['search_ms']:.1f} ms, export {figures['export_s']:.2f} s / "
                f"{figures['export_mb']:.0f} MB, rescore noop {figures['rescore_noop_s']:.2f} s / "
                f"{figures['rescore_noop_mb']:.0f} MB, rescore --all {figures['rescore_all_ms_per_attempt']:.2f} ms/attempt",
                flush=True,
            )
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)
    smallest, largest = min(results), max(results)
    if largest != smallest:
        factor = largest / smallest
        growth = ", ".join(
            f"{key} x{results[largest][key] / max(results[smallest][key], 1e-9):.1f}"
            for key in ("open_ms", "history_ms", "progress_ms", "home_ms", "search_ms", "export_s", "rescore_noop_s")
        )
        print(f"growth {label(smallest)} -> {label(largest)} ({factor:.0f}x the data): {growth}")
    top = results[largest]
    print(
        f"scale {label(largest)}: open={top['open_ms']:.1f} ms history={top['history_ms']:.1f} ms "
        f"progress={top['progress_ms']:.1f} ms export={top['export_s']:.2f} s/{top['export_mb']:.0f} MB "
        f"rescore-noop={top['rescore_noop_s']:.2f} s"
    )


if __name__ == "__main__":
    main()
