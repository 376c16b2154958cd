"""Benchmark the Textual app: start-up to the first painted home screen, and the history screen
opening over 100,000 stored attempts.

Run:  python benchmarks/app_startup.py [--runs N] [--attempts N]

Start-up is measured in-process and headless, from constructing the app to the first refresh of
its first screen, for TrainerApp (with a loaded bank and an open store, as the command line hands
them over) and for a minimal Textual app in the same run (target: at most 1.3x the minimal app).
History: time from pushing the history screen to its first page of rows on screen (target: under
300 ms). The figures are printed; nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList, Static

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tpm_trainer.app.app import TrainerApp  # noqa: E402
from tpm_trainer.app.screens.history import HistoryScreen  # noqa: E402
from tpm_trainer.context import load_context  # noqa: E402
from tpm_trainer.scoring import score_answer  # noqa: E402

STARTUP_TARGET = 1.3
HISTORY_TARGET_MS = 300.0


class MinimalApp(App[None]):
    """The baseline: a bare Textual app with the home screen's widgets (header, title, a menu of seven
    options, a stats line, a compact footer) and nothing else: no bank, no store, no styles of ours."""

    BINDINGS = [("m", "bell", "Mock"), ("p", "bell", "Practise"), ("h", "bell", "History")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("tpm-trainer  practise Technical Program Manager interviews")
        yield OptionList(*[f" {key}   option {key}   a short description" for key in "mprhgb?"])
        yield Static("61 questions in 12 categories · 0 answers · streak 0 days")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self.exit)


class FirstPaintTrainer(TrainerApp):
    """TrainerApp that exits as soon as its home screen has been refreshed once."""

    def on_mount(self) -> None:
        super().on_mount()
        self.screen.call_after_refresh(self.exit)


async def _time_app(factory) -> float:
    start = time.perf_counter()
    app = factory()
    await app.run_async(headless=True, size=(80, 24))
    return time.perf_counter() - start


async def startup(runs: int, context) -> tuple[list[float], list[float]]:
    trainer, minimal = [], []
    await _time_app(MinimalApp)  # warm imports and caches for both
    await _time_app(lambda: FirstPaintTrainer(context, offer_resume=False))
    for _ in range(runs):
        minimal.append(await _time_app(MinimalApp))
        trainer.append(await _time_app(lambda: FirstPaintTrainer(context, offer_resume=False)))
    return trainer, minimal


def fill_history(context, count: int) -> None:
    bank = context.bank
    samples = []
    for question_id, rubric in list(bank.rubrics.items())[:8]:
        question = bank.questions[question_id]
        answer = (
            "First I would clarify the goal and the constraints, then plan a canary rollout in waves, "
            "monitor error rates and latency, and keep a rollback ready. I would tell stakeholders early."
        )
        report = score_answer(answer, rubric)
        samples.append((question_id, question.category, answer, question.prompt, report))
    rows = []
    for index in range(count):
        question_id, category, answer, prompt, report = samples[index % len(samples)]
        day = f"2024-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:00:00+00:00"
        rows.append(
            (
                question_id,
                category,
                answer,
                day,
                day,
                480.0,
                60.0 + index % 400,
                "practice",
                prompt,
                report.score,
                report.band,
                report.model_dump_json(),
                report.rubric_hash,
                report.scorer_version,
            )
        )
    db = context.store.db
    with db.atomic():
        db.conn.executemany(
            "insert into attempts (question_id, category, answer, started_at, ended_at, time_limit_seconds, "
            "time_used_seconds, mode, prompt, score, band, report_json, rubric_hash, scorer_version) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def history_open(context, runs: int) -> list[float]:
    timings = []
    app = TrainerApp(context, offer_resume=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(runs):
            start = time.perf_counter()
            screen = HistoryScreen()
            await app.push_screen(screen)
            while not screen.loaded:
                await asyncio.sleep(0.001)
            await pilot.pause()  # the page is painted
            timings.append(time.perf_counter() - start)
            rows = screen.query_one("DataTable").row_count
            await app.pop_screen()
            await pilot.pause()
    print(f"  (first page: {rows} rows of {screen.total:,})")
    return timings


COLD_LAUNCH = """
import asyncio, sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from tpm_trainer.context import load_context
from tpm_trainer.app.app import TrainerApp

class FirstPaint(TrainerApp):
    def on_mount(self):
        super().on_mount()
        self.screen.call_after_refresh(self.exit)

context = load_context(db_path={db!r})
loaded = time.perf_counter()
asyncio.run(FirstPaint(context, offer_resume=False).run_async(headless=True, size=(80, 24)))
print(loaded - start, time.perf_counter() - start)
"""


def cold_launch(folder: Path) -> tuple[float, float]:
    """The very first launch in a new process with an empty cache folder: (bank loaded, home painted) in s."""
    import os
    import subprocess

    cache = folder / "cold-cache"
    cache.mkdir()
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "XDG_DATA_HOME": str(folder / "cold-data")}
    code = COLD_LAUNCH.format(root=str(ROOT), db=str(folder / "cold.db"))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    loaded, painted = (float(value) for value in result.stdout.split()[-2:])
    return loaded, painted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--no-history", action="store_true", help="Skip the history benchmark.")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        load_start = time.perf_counter()
        context = load_context(db_path=Path(folder) / "bench.db")
        load_ms = (time.perf_counter() - load_start) * 1000
        trainer, minimal = asyncio.run(startup(options.runs, context))
        t_med, m_med = statistics.median(trainer) * 1000, statistics.median(minimal) * 1000
        ratio = t_med / m_med
        print("Start-up to first painted screen (headless 80x24, median of", options.runs, "runs)")
        print(f"  minimal Textual app : {m_med:7.1f} ms")
        print(
            f"  tpm-trainer home    : {t_med:7.1f} ms   ratio {ratio:.2f}x (target <= {STARTUP_TARGET}x) "
            f"{'OK' if ratio <= STARTUP_TARGET else 'OVER TARGET'}"
        )
        print(f"  (loading the bank and opening the store before that, done by the CLI: {load_ms:.0f} ms)")
        loaded, painted = cold_launch(Path(folder))
        print(
            f"First launch, cold bank cache (new process, imports included): bank loaded {loaded:.2f} s, "
            f"home painted {painted:.2f} s (target < 2 s) {'OK' if painted < 2 else 'OVER TARGET'}"
        )

        if options.no_history:
            context.close()
            return 0
        fill_start = time.perf_counter()
        fill_history(context, options.attempts)
        fill_s = time.perf_counter() - fill_start
        print(f"History over {options.attempts:,} stored attempts (inserted in {fill_s:.1f} s)")
        timings = asyncio.run(history_open(context, 5))
        h_med = statistics.median(timings) * 1000
        print(
            f"  open history, first page painted: median {h_med:.1f} ms, max {max(timings) * 1000:.1f} ms "
            f"(target < {HISTORY_TARGET_MS:.0f} ms) {'OK' if h_med < HISTORY_TARGET_MS else 'OVER TARGET'}"
        )
        context.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
