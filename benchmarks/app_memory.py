"""Memory over a long session: answer 30 questions in the real app (via Textual's Pilot, headless) and
print the process's resident memory and the number of live widgets after each, so a leak shows as a
figure that keeps climbing instead of levelling off.

Run:  python benchmarks/app_memory.py [--questions N] [--screens]

With --screens, history and progress are opened (and closed) after each question too: they are
named screens, built once and reused, so they must add nothing per question.

Each question is practised from the home screen: the answer is typed, submitted, the follow-up is
skipped and the results screen closed. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.widget import Widget  # noqa: E402

from tpm_trainer.app.app import TrainerApp  # noqa: E402
from tpm_trainer.context import load_context  # noqa: E402

ANSWER = (
    "I would start with a canary on a few servers and roll out in waves, watching error rates and latency "
    "between waves. Stakeholders hear the plan and the risks early; if a wave fails we roll back."
)


def resident_mb() -> float:
    """Resident set size of this process in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_000_000


def live_widgets() -> int:
    return sum(1 for item in gc.get_objects() if isinstance(item, Widget))


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def session(questions: int, folder: Path, screens: bool = False) -> list[tuple[float, int]]:
    context = load_context(db_path=folder / "memory.db")
    question_ids = [q.id for q in context.bank.sorted_questions() if q.id in context.bank.rubrics]
    figures = []
    app = TrainerApp(context, offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for index in range(questions):
            app.start_practice(question_ids[index % len(question_ids)])
            await settle(app, pilot)
            app.screen.editor.area.insert(ANSWER)  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            if type(app.screen).__name__ == "InterviewScreen":
                await pilot.press("ctrl+n")  # skip the follow-up
                await settle(app, pilot)
            app.go_home()
            await settle(app, pilot)
            if screens:
                for name in ("history", "progress"):
                    app.open_screen(name)
                    await settle(app, pilot)
                    app.go_home()
                    await settle(app, pilot)
            gc.collect()
            figures.append((resident_mb(), live_widgets()))
    context.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--screens", action="store_true", help="also open history and progress after each question")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        figures = asyncio.run(session(options.questions, Path(folder), options.screens))
    print("question  resident MB  live widgets")
    for index, (megabytes, widgets) in enumerate(figures, 1):
        print(f"{index:8d}  {megabytes:11.1f}  {widgets:12d}")
    first, last = figures[min(4, len(figures) - 1)], figures[-1]
    steps = max(len(figures) - 5, 1)
    print(
        f"from question 5 to {len(figures)}: {last[0] - first[0]:+.1f} MB "
        f"({(last[0] - first[0]) / steps:+.2f} MB per question), {last[1] - first[1]:+d} live widgets"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
