"""Model answers on the command line: never in the question list, shown by `show` after an answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from tpm_trainer.cli import main

BANK = Path(__file__).parent / "fixtures" / "bank"
MODEL_ANSWER = (
    "Start with a canary on a few hosts, widen in waves while watching the error rate, and roll back at once."
)


def bank_with_model_answer(tmp_path: Path) -> list[str]:
    questions = tmp_path / "questions"
    shutil.copytree(BANK / "questions", questions)
    rollout = questions / "rollout.yaml"
    rollout.write_text(rollout.read_text(encoding="utf-8") + f"model_answer: {MODEL_ANSWER}\n", encoding="utf-8")
    return ["--db", str(tmp_path / "h.db"), "--bank", str(questions), "--rubrics", str(BANK / "rubrics")]


def test_questions_never_list_the_model_answer(tmp_path):
    options = bank_with_model_answer(tmp_path)
    result = CliRunner().invoke(main, [*options, "questions", "--json"])
    assert result.exit_code == 0, result.output
    rollout = next(q for q in json.loads(result.output) if q["id"] == "fx-rollout")
    assert "model_answer" not in rollout and rollout["has_model_answer"] is True
    assert MODEL_ANSWER not in result.output


def test_show_gives_the_model_answer_after_the_attempt(tmp_path):
    options = bank_with_model_answer(tmp_path)
    runner = CliRunner()
    saved = runner.invoke(main, [*options, "score", "fx-rollout", "--save", "--json"], input="We push it everywhere.")
    assert saved.exit_code == 0, saved.output
    attempt_id = json.loads(saved.output)["attempt_id"]
    shown = runner.invoke(main, [*options, "show", str(attempt_id)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.index("We push it everywhere.") < shown.output.index("### Model answer")
    assert MODEL_ANSWER in shown.output
    as_json = json.loads(runner.invoke(main, [*options, "show", str(attempt_id), "--json"]).output)
    assert as_json["model_answer"] == MODEL_ANSWER


def test_serve_on_a_port_in_use_says_so(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["--db", str(tmp_path / "h.db"), "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
