"""The command line through click's runner: every command, and every user error as one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK

NINE_SAMPLES = {
    "Can you walk me through the process of designing an e-commerce platform?",
    "Can you describe a time when you made a decision that affected the architecture of the system?",
    "Share your best experience with regard to problem-solving. What was your involvement?",
    "How will you define milestones and communicate them to all stakeholders?",
    "How will you identify risk, and how will you mitigate it? What are the different ways of identifying risks?",
    "What would you do if a specific project is failing or if it won't meet the deadlines?",
    "How would you update 10,000+ servers in a real-world scenario without impacting the end customers?",
    "What are the important elements of each project phase?",
    "How will you kick off a new project?",
}
GOOD_ANSWER = "A canary first, then waves, watching the error rate, and we roll back if it rises."


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, fixture: bool = True):
        base = ["--db", str(db_path)]
        if fixture:
            base += ["--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(FIXTURE_BANK / "rubrics")]
        return runner.invoke(main, [*base, *args], input=input, catch_exceptions=False)

    return invoke


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [path for path, _ in all_commands(main)], ids=" ".join)
def test_every_command_has_help(path):
    command = main
    for name in path:
        command = command.commands[name]
    assert command.help and len(command.help.strip()) > 10
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{'/'.join(path)} {parameter.name} has no help"


def test_questions_json_lists_the_fields(run):
    result = run("questions", "--json")
    assert result.exit_code == 0
    items = {item["id"]: item for item in json.loads(result.output)}
    assert {"fx-rollout", "fx-story", "fx-no-rubric"} <= set(items)
    assert {"id", "title", "category", "difficulty", "prompt", "has_rubric"} <= set(items["fx-rollout"])
    assert items["fx-rollout"]["has_rubric"] and not items["fx-no-rubric"]["has_rubric"]


def test_questions_by_category_and_unknown_category(run):
    result = run("questions", "--category", "rollouts", "--json")
    assert {item["category"] for item in json.loads(result.output)} == {"rollouts"}
    bad = run("questions", "--category", "rolouts")
    assert bad.exit_code == 1 and "unknown category `rolouts`" in bad.output and "did you mean `rollouts`" in bad.output


def test_score_json_report(run, tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text(GOOD_ANSWER)
    result = run("score", "fx-rollout", str(answer), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"question_id", "score", "band", "concepts", "red_flags", "rubric_hash"} <= set(report)
    assert report["score"] == 100 and report["band"] == "Strong hire"
    for concept in report["concepts"]:
        assert {"id", "label", "hit", "evidence"} <= set(concept)
        if concept["hit"]:
            start, end = concept["evidence"]["span"]
            assert GOOD_ANSWER[start:end] == concept["evidence"]["text"]


def test_score_from_stdin_explains_and_saves(run):
    result = run("score", "fx-rollout", "-", "--save", input="We would not do a canary; we roll back on error rate.")
    assert result.exit_code == 0
    assert (
        "Missed" in result.output and "not counted (negated)" in result.output and "saved as attempt 1" in result.output
    )
    history = json.loads(run("history", "--json").output)
    assert len(history) == 1 and history[0]["question_id"] == "fx-rollout" and history[0]["report"]["score"] > 0
    shown = run("show", "1")
    assert shown.exit_code == 0 and "We would not do a canary" in shown.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("score", "fx-rolout", "-"), "x", "unknown question id `fx-rolout` (did you mean `fx-rollout`?)"),
        (("score", "fx-rollout", "-"), "   \n", "the answer is empty"),
        (("score", "fx-rollout", "/nonexistent/answer.txt"), None, "no such file"),
        (("score", "fx-no-rubric", "-"), "x", "has no rubric"),
        (("score", "fx-rollout", "-"), "x" * 300_000, "the limit is 200,000"),
        (("show", "42"), None, "no attempt with id 42"),
        (("interview", "--question", "nope"), None, "unknown question id `nope`"),
    ],
)
def test_user_errors_are_one_clear_line(run, args, stdin, message):
    result = run(*args, input=stdin)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_corrupt_database_exits_2_and_is_left_untouched(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 50)
    result = CliRunner().invoke(main, ["--db", str(bad), "history"])
    assert result.exit_code == 2
    assert str(bad) in result.output and "not an SQLite database" in result.output
    assert bad.read_bytes() == b"not a database at all" * 50


def test_rubrics_check_passes_on_the_fixture_rubrics(run):
    result = run("rubrics", "check", str(FIXTURE_BANK / "rubrics"))
    assert result.exit_code == 0, result.output
    assert "2 rubric(s) checked, 3 calibration example(s), 0 failing, 0 file problem(s)" in result.output


def test_rubrics_check_reports_every_problem_and_failing_example(run, tmp_path, write_file):
    folder = tmp_path / "mentor"
    write_file(
        folder / "typo.yaml", "question: fx-rollout\nconcepts:\n  - {id: a, label: A, phrases: [x], wieght: 2}\n"
    )
    write_file(folder / "unknown.yaml", "question: fx-nothing\nconcepts: [{id: a, label: A, phrases: [x]}]\n")
    write_file(
        folder / "miscalibrated.yaml",
        "question: fx-story\nconcepts: [{id: a, label: A, phrases: [zebra]}]\n"
        "calibration: [{answer: no zebras here at all, band: No hire}, {answer: nothing, band: Strong hire}]\n",
    )
    result = run("rubrics", "check", str(folder))
    assert result.exit_code == 1
    assert "typo.yaml:3:37: error: concepts.0.wieght: unknown field (did you mean `weight`?)" in result.output
    assert "rubric for unknown question `fx-nothing`" in result.output
    assert "miscalibrated.yaml: calibration failed: calibration.1: expected band Strong hire" in result.output


def test_mentor_rubric_override_is_announced(run, tmp_path, write_file):
    folder = tmp_path / "mentor"
    write_file(folder / "r.yaml", "question: fx-rollout\nconcepts: [{id: a, label: A, phrases: [canary]}]\n")
    result = run("--rubrics", str(folder), "rubrics", "check", str(folder))
    assert "replaces the earlier rubric for `fx-rollout`" in result.output
    assert result.exit_code == 0


def test_environment_variables_add_folders(db_path, tmp_path, write_file, monkeypatch):
    write_file(tmp_path / "b" / "q.yaml", "id: env-q\ntitle: Env\nprompt: From the environment?\ncategory: env\n")
    write_file(tmp_path / "r" / "r.yaml", "question: env-q\nconcepts: [{id: a, label: A, phrases: [environment]}]\n")
    monkeypatch.setenv("TPM_TRAINER_BANK", os.pathsep.join(["", str(tmp_path / "b")]))
    monkeypatch.setenv("TPM_TRAINER_RUBRICS", str(tmp_path / "r"))
    result = CliRunner().invoke(
        main,
        ["--db", str(db_path), "score", "env-q", "-", "--json"],
        input="we check the environment before each release",
    )
    assert result.exit_code == 0 and json.loads(result.output)["score"] == 100


def test_rescore_updates_attempts_whose_rubric_changed(run, db_path, tmp_path, write_file):
    run("score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    assert "every attempt is up to date" in run("rescore").output
    folder = tmp_path / "mentor"
    write_file(folder / "r.yaml", "question: fx-rollout\nversion: 2\nconcepts: [{id: a, label: A, phrases: [zebra]}]\n")
    # The rubric now comes from another file: skipped with a warning unless --force (see test_mentor_check).
    result = run("--rubrics", str(folder), "rescore", "--force")
    assert result.exit_code == 0 and "re-scored 1 attempt(s); 1 score(s) changed" in result.output
    assert json.loads(run("history", "--json").output)[0]["score"] == 0


def test_export_json_keeps_everything_and_markdown_reads_well(run, tmp_path):
    run("score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    out = tmp_path / "export.json"
    result = run("export", "-o", str(out))
    assert result.exit_code == 0 and "wrote 1 attempt(s)" in result.output
    data = json.loads(out.read_text())
    [attempt] = data["attempts"]
    assert attempt["answer"] == GOOD_ANSWER
    assert attempt["report"]["concepts"] and attempt["rubric_hash"] and attempt["scorer_version"]
    markdown = run("export", "--format", "markdown").output
    assert "## Attempt 1" in markdown and GOOD_ANSWER in markdown


def test_history_filters(run):
    run("score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    run("score", "fx-story", "-", "--save", input="I decided to change the plan.")
    assert len(json.loads(run("history", "--json", "--category", "leadership").output)) == 1
    assert len(json.loads(run("history", "--json", "--question", "fx-rollout").output)) == 1
    text = run("history").output
    assert "Roll out a change to a large fleet" in text and "A time you changed" in text


def test_shipped_bank_has_the_nine_sample_questions(run):
    items = json.loads(run("questions", "--json", fixture=False).output)
    prompts = {item["prompt"].strip() for item in items}
    assert prompts >= NINE_SAMPLES
    assert all(item["has_rubric"] for item in items if item["prompt"].strip() in NINE_SAMPLES)


def test_non_interactive_commands_never_import_textual(db_path):
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from tpm_trainer.cli import main\n"
        f"for args in (['questions'], ['history'], ['rubrics', 'check'], ['export']):\n"
        f"    CliRunner().invoke(main, ['--db', {str(db_path)!r}, *args])\n"
        "import importlib, pkgutil, tpm_trainer\n"
        "def walk(package):\n"  # every module outside the app package (walk_packages would import the app)
        "    for info in pkgutil.iter_modules(package.__path__, package.__name__ + '.'):\n"
        "        if info.name in ('tpm_trainer.app', 'tpm_trainer.__main__'):\n"
        "            continue\n"
        "        module = importlib.import_module(info.name)\n"
        "        if info.ispkg:\n"
        "            walk(module)\n"
        "walk(tpm_trainer)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "[]"


def test_everything_shipped_passes_rubrics_check(run):
    result = run("rubrics", "check", fixture=False)
    assert result.exit_code == 0, result.output
    assert "0 failing, 0 file problem(s)" in result.output
    assert "have no rubric" not in result.output


def test_each_sample_question_gets_an_explained_report(run):
    items = json.loads(run("questions", "--json", fixture=False).output)
    samples = [item for item in items if item["prompt"].strip() in NINE_SAMPLES]
    assert len(samples) == 9
    for item in samples:
        answer = f"I would start by clarifying the goals. {item['title']}. We'd not skip the stakeholders."
        result = run("score", item["id"], "-", "--json", input=answer, fixture=False)
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["question_id"] == item["id"] and report["concepts"]
        assert all(c["hint"] or c["hit"] for c in report["concepts"])  # every miss says what to add


def test_rescore_grades_follow_ups_against_their_main_answer(run, db_path, fixture_bank, tmp_path, write_file):
    from tpm_trainer.scoring import score_follow_up
    from tpm_trainer.store import Store, now_iso

    rubric = fixture_bank.rubric_for("fx-rollout")
    store = Store.open(db_path)
    main_report = score_answer_for(rubric, "A canary first, watching the error rate.")
    main_id = store.save_attempt(
        question_id="fx-rollout",
        category="rollouts",
        answer="A canary first, watching the error rate.",
        started_at=now_iso(),
        ended_at=now_iso(),
        mode="mock",
        report=main_report,
    )
    follow = score_follow_up("We roll back to the previous version if errors climb.", rubric, main_report)
    store.save_attempt(
        question_id="fx-rollout",
        category="rollouts",
        answer="We roll back to the previous version if errors climb.",
        started_at=now_iso(),
        ended_at=now_iso(),
        mode="mock",
        report=follow,
        parent_attempt_id=main_id,
        prompt="How do you undo it?",
    )
    store.close()
    assert follow.score == 100
    assert "every attempt is up to date" in run("rescore").output
    result = run("rescore", "--all")
    assert "re-scored 2 attempt(s); 0 score(s) changed" in result.output


def score_answer_for(rubric, answer):
    from tpm_trainer.scoring import score_answer

    return score_answer(answer, rubric)


def test_history_all_keeps_its_columns_aligned_when_time_is_up(run, db_path):
    from tpm_trainer.store import Store

    run("score", "fx-rollout", "-", "--save", input=GOOD_ANSWER)
    store = Store.open(db_path)
    attempt = store.attempts(order="id")[0]
    store.db.execute(
        "update attempts set time_used_seconds = ?, category = ? where id = ?",
        [attempt.time_limit_seconds or 600, "a category name far longer than its column", attempt.id],
    )
    store.db.conn.commit()
    store.close()
    header, rule, *rows = run("history", "--all").output.splitlines()
    starts = [index for index, char in enumerate(rule) if char == "-" and (index == 0 or rule[index - 1] == " ")]
    assert [header.index(name) for name in ("id", "date", "question", "category", "score", "band", "time")] == starts
    (line,) = rows
    assert line.endswith("time up") and len(line) <= len(rule)
    for start in starts[1:]:
        assert line[start - 2 : start] == "  " and line[start] != " ", (start, line)
