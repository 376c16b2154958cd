"""Golden reports for speed work: score a fixed corpus and write every full report, so that an optimisation
can be checked to change nothing (scores, levels, evidence spans, notes).

The corpus: every calibration example of every shipped rubric (with its question), every anti-gaming answer
(tests/fixtures/anti_gaming, with the derived gaming kinds), a sample of ASAP-SAS train answers (sets 1, 2,
10, when the dataset is there: ASAP_SAS_DATA names its folder) and the speed benchmark's generated answers.

Run: python benchmarks/scoring_golden.py write golden.json   (on the reference code)
     python benchmarks/scoring_golden.py check golden.json   (after a change: exits 1 on any difference)
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import anti_gaming  # noqa: E402
import asap_sas  # noqa: E402
import bench_scoring  # noqa: E402

from tpm_trainer.scoring import score_answer  # noqa: E402
from tpm_trainer.sources import Sources  # noqa: E402

ASAP_SAMPLE = 400
"""ASAP-SAS train answers scored per set (every n-th row, so the sample spreads over the file)."""


def reports() -> dict[str, object]:
    """Every report of the corpus, keyed by a stable name."""
    out: dict[str, object] = {}
    bank = Sources.resolve().load()
    rubrics = {qid: rubric for qid in bank.questions if (rubric := bank.rubric_for(qid)) is not None}
    for qid, rubric in sorted(rubrics.items()):
        question = bank.questions[qid]
        for number, example in enumerate(rubric.calibration):
            out[f"calibration/{qid}/{number}"] = score_answer(example.answer, rubric, question).model_dump(mode="json")
    for qid, answers in anti_gaming.derive_gaming(anti_gaming.load_answers()):
        rubric = rubrics.get(qid)
        if rubric is None:
            continue
        for kind, answer in answers.items():
            out[f"anti_gaming/{qid}/{kind}"] = score_answer(answer, rubric, bank.questions.get(qid)).model_dump(
                mode="json"
            )
    try:
        rows = asap_sas.read_split(Path(os.environ.get("ASAP_SAS_DATA", asap_sas.DEFAULT_DATA)), "train")
    except asap_sas.DataMissing:
        rows = []
    for number in asap_sas.SETS:
        rubric = asap_sas.load_rubric(number)
        answers = [text for essay_set, _, text in rows if essay_set == number]
        step = max(1, len(answers) // ASAP_SAMPLE)
        for row, text in enumerate(answers[::step]):
            out[f"asap/{number}/{row}"] = score_answer(text, rubric).model_dump(mode="json")
    bench = bench_scoring.make_rubric()
    for words in (50, 1000, 5000):
        out[f"bench/{words}"] = score_answer(bench_scoring.make_answer(words), bench).model_dump(mode="json")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    action, path = argv[0], Path(argv[1])
    current = reports()
    if action == "write":
        path.write_text(json.dumps(current, sort_keys=True, indent=1), encoding="utf-8")
        print(f"wrote {len(current)} reports to {path}")
        return 0
    golden = json.loads(path.read_text(encoding="utf-8"))
    current = json.loads(json.dumps(current))
    differ = sorted(key for key in golden.keys() | current.keys() if golden.get(key) != current.get(key))
    for key in differ[:20]:
        print(f"differs: {key}")
    print(f"{len(current)} reports, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
