"""Scoring speed, as ratios against baselines measured in the same run.

1. Score a 1,000-word answer against a 30-concept rubric; compare the median with merely tokenising the
   same answer (`re.findall(r"\\w+", text.lower())`). Target: ratio <= 10. Both are CPU (process) times, so
   other work on a shared machine does not distort the ratio.
2. CPU time of `tpm-trainer questions` (bank cache warm) against `python -c "import textual.app"`: the least of
   15 alternating runs each, as charged to the child process (`child_cpu.py`). Target: below it.
3. Growth: 1k, 10k and 100k-word answers against the largest shipped rubric, a generated 5,000-concept
   rubric and a rubric with one 200-word phrase; prints each time and the growth ratios (a linear scorer
   gives about 10 per tenfold; `--growth` runs only this part).

Run: python benchmarks/bench_scoring.py [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time

from child_cpu import min_cpu_seconds

from tpm_trainer.models import Rubric
from tpm_trainer.scoring import score_answer
from tpm_trainer.scoring.score import compile_rubric

WORDS = [
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
    "if",
    "a",
    "wave",
    "fails",
    "we",
    "roll",
    "back",
    "to",
    "the",
    "previous",
    "build",
    "automatically",
    "and",
    "hold",
    "a",
    "blameless",
    "review",
    "the",
    "plan",
    "covers",
    "capacity",
    "draining",
    "traffic",
    "from",
    "the",
    "load",
    "balancer",
    "maintenance",
    "windows",
    "change",
    "freezes",
    "support",
    "and",
    "on",
    "call",
    "teams",
]
TOPICS = [
    "canary",
    "waves",
    "rollback",
    "monitoring",
    "error budget",
    "load balancer",
    "capacity",
    "staging",
    "runbook",
    "on-call",
    "status page",
    "stakeholders",
    "risk register",
    "milestones",
    "critical path",
    "dependencies",
    "escalation",
    "scope",
    "budget",
    "roadmap",
    "okr",
    "kpi",
    "retrospective",
    "postmortem",
    "feature flag",
    "blue green",
    "soak test",
    "change freeze",
    "maintenance window",
    "automation",
]


def make_rubric() -> Rubric:
    concepts = []
    for index, topic in enumerate(TOPICS):
        concepts.append(
            {
                "id": f"c{index}",
                "label": topic,
                "weight": 1 + index % 3,
                "phrases": [topic, f"{topic} ... plan", f"(use|add|run) {topic}", f"{topic}*", f"no-{topic} policy"],
            }
        )
    return Rubric.model_validate(
        {
            "question": "bench",
            "concepts": concepts,
            "red_flags": [{"id": "r", "label": "r", "phrases": ["all at once"]}],
        }
    )


def make_answer(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    out = []
    while len(out) < words:
        out.extend(rng.choice(WORDS) for _ in range(12))
        out.append(rng.choice(TOPICS) + ".")
    return " ".join(out[:words])


def largest_shipped_rubric() -> Rubric:
    """The shipped rubric with the most phrases."""
    from tpm_trainer.sources import Sources

    bank = Sources.resolve().load()
    rubrics = [rubric for qid in bank.questions if (rubric := bank.rubric_for(qid)) is not None]
    return max(rubrics, key=lambda rubric: sum(len(concept.phrases) for concept in rubric.concepts))


def generated_rubric(concepts: int, seed: int = 11) -> Rubric:
    """A rubric of `concepts` concepts with phrases built from the benchmark's words (with gaps and choices)."""
    rng = random.Random(seed)
    vocabulary = sorted(set(WORDS)) + [f"term{index}" for index in range(concepts)]
    items = []
    for index in range(concepts):
        first, second, third = (rng.choice(vocabulary) for _ in range(3))
        items.append(
            {
                "id": f"g{index}",
                "label": f"G{index}",
                "phrases": [f"term{index}", f"{first} ... {second}", f"({first}|{third}) {second}*"],
            }
        )
    return Rubric.model_validate({"question": "generated", "concepts": items})


def long_phrase_rubric(words: int = 200, seed: int = 5) -> Rubric:
    """One concept whose phrase is `words` words long, with gaps: the slowest shape the checker accepts."""
    rng = random.Random(seed)
    phrase = " ... ".join(rng.choice(WORDS) for _ in range(words))
    return Rubric.model_validate({"question": "long", "concepts": [{"id": "c", "label": "C", "phrases": [phrase]}]})


def growth(repeat: int = 1) -> dict[str, dict[str, float]]:
    """Scoring time (ms) for 1k, 10k and 100k-word answers against three rubrics, and growth ratios."""
    sizes = (1_000, 10_000, 100_000)
    mixed = {size: make_answer(size) for size in sizes}
    # The worst shape issue 13 found: a 200-word phrase of one word with gaps, against answers made of that
    # word (every position starts a search that almost succeeds).
    repeated = {size: " ".join(["canary"] * size) + " rollback" for size in sizes}
    worst = Rubric.model_validate(
        {
            "question": "worst",
            "concepts": [{"id": "c", "label": "C", "phrases": [" ... ".join(["canary"] * 199) + " ... rollback"]}],
        }
    )
    rubrics = {
        "largest shipped": (largest_shipped_rubric(), mixed),
        "5,000 concepts": (generated_rubric(5000), mixed),
        "one 200-word phrase": (long_phrase_rubric(), mixed),
        "200 x one word, answer of that word": (worst, repeated),
    }
    table: dict[str, dict[str, float]] = {}
    for name, (rubric, answers) in rubrics.items():
        compile_rubric(rubric)
        score_answer(answers[sizes[0]], rubric)  # warm-up: the word list for spelling tolerance loads once
        row: dict[str, float] = {}
        for size in sizes:
            answer = answers[size]
            seconds = median_seconds(lambda answer=answer, rubric=rubric: score_answer(answer, rubric), repeat)
            row[f"{size // 1000}k_ms"] = round(seconds * 1000, 1)
        row["growth_10k_over_1k"] = round(row["10k_ms"] / row["1k_ms"], 1)
        row["growth_100k_over_10k"] = round(row["100k_ms"] / row["10k_ms"], 1)
        table[name] = row
    return table


def median_seconds(function, repeat: int) -> float:
    """Median CPU time of one call (process time, so that other processes on a shared machine do not
    count), measured in batches long enough for the clock's resolution."""
    start = time.process_time()
    function()
    once = max(time.process_time() - start, 1e-6)
    batch = max(1, int(0.005 / once))
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(batch):
            function()
        samples.append((time.process_time() - start) / batch)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=50, help="runs per measurement (median is reported)")
    parser.add_argument("--growth", action="store_true", help="run only the growth section")
    args = parser.parse_args()
    if args.growth:
        table = growth()
        print(json.dumps(table, indent=2) if args.json else _growth_text(table))
        return 0

    rubric = make_rubric()
    compile_rubric(rubric)  # compiled once per rubric, as in the app
    answer = make_answer(1000)
    tokenise = median_seconds(lambda: re.findall(r"\w+", answer.lower()), args.repeat * 4)
    scoring = median_seconds(lambda: score_answer(answer, rubric), args.repeat)
    huge = make_answer(17_000)[:100_000]
    huge_seconds = median_seconds(lambda: score_answer(huge, rubric), 3)

    start_up = min_cpu_seconds(
        {
            "questions": [sys.executable, "-m", "tpm_trainer", "questions"],
            "textual": [sys.executable, "-c", "import textual.app"],
        }
    )
    questions, textual = start_up["questions"], start_up["textual"]

    figures = {
        "answer_words": len(answer.split()),
        "rubric_concepts": len(rubric.concepts),
        "score_median_ms": round(scoring * 1000, 3),
        "tokenise_median_ms": round(tokenise * 1000, 3),
        "score_to_tokenise_ratio": round(scoring / tokenise, 2),
        "ratio_target": 10,
        "score_100k_chars_ms": round(huge_seconds * 1000, 1),
        "questions_command_ms": round(questions * 1000, 1),
        "import_textual_app_ms": round(textual * 1000, 1),
        "questions_to_textual_ratio": round(questions / textual, 2),
    }
    figures["growth"] = growth()
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(
            f"scoring a {figures['answer_words']}-word answer, {figures['rubric_concepts']}-concept rubric: "
            f"{figures['score_median_ms']} ms median"
        )
        print(f"tokenising the same answer: {figures['tokenise_median_ms']} ms median")
        print(f"ratio: {figures['score_to_tokenise_ratio']} (target <= 10)")
        print(f"scoring a 100,000-character answer: {figures['score_100k_chars_ms']} ms")
        print(
            f"`tpm-trainer questions`: {figures['questions_command_ms']} ms CPU; "
            f"`python -c 'import textual.app'`: {figures['import_textual_app_ms']} ms; "
            f"ratio {figures['questions_to_textual_ratio']} (target < 1)"
        )
        print(_growth_text(figures["growth"]))
    return 0


def _growth_text(table: dict[str, dict[str, float]]) -> str:
    lines = ["growth with answer length (1k / 10k / 100k words; a linear scorer grows about 10x per step):"]
    for name, row in table.items():
        lines.append(
            f"  {name}: {row['1k_ms']} / {row['10k_ms']} / {row['100k_ms']} ms; "
            f"growth x{row['growth_10k_over_1k']} then x{row['growth_100k_over_10k']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
