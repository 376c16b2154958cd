"""`rubrics check`: every file it is given is validated, and each silent mistake is reported with its line."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from tpm_trainer.cli import main

from .conftest import FIXTURE_BANK

GOOD = "A canary first, then waves, watching the error rate, and we roll back if it rises."


@pytest.fixture
def check(db_path):
    def invoke(*paths, explain: bool = False, extra: tuple[str, ...] = ()):
        args = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions"), *extra, "rubrics", "check"]
        args += [str(path) for path in paths] + (["--explain"] if explain else [])
        return CliRunner().invoke(main, args, catch_exceptions=False)

    return invoke


def rubric(write_file, tmp_path, body: str, name: str = "r.yaml"):
    return write_file(tmp_path / "mine" / name, "question: fx-rollout\n" + body)


def test_a_single_file_is_checked(check, write_file, tmp_path):
    path = rubric(write_file, tmp_path, "concepts:\n  - {id: a, label: A, phrases: [canary]}\n")
    result = check(path)
    assert result.exit_code == 0, result.output
    assert "1 rubric(s) checked" in result.output and "not a folder" not in result.output


def test_a_broken_question_is_reported_not_dropped(check, write_file, tmp_path):
    write_file(tmp_path / "qs" / "q.yaml", "id: my-q\ntitle: Mine\nprompt: Why?\ncategory: mine\ndifficulty: hardest\n")
    result = check(tmp_path / "qs")
    assert result.exit_code == 1
    assert "q.yaml:5:13: error: difficulty:" in result.output and "did you mean `hard`" in result.output


def test_a_question_and_its_rubric_checked_together(check, write_file, tmp_path):
    write_file(tmp_path / "m" / "q.yaml", "id: my-q\ntitle: Mine\nprompt: Why?\ncategory: mine\n")
    write_file(tmp_path / "m" / "r.yaml", "question: my-q\nconcepts: [{id: a, label: A, phrases: [because]}]\n")
    result = check(tmp_path / "m")
    assert result.exit_code == 0, result.output
    assert "1 rubric(s) checked" in result.output and "1 question(s) checked" in result.output


@pytest.mark.parametrize(
    ("model_answer", "error"),
    [
        ("I would give them a date.", True),  # the question's field says it must score the top band
        (
            "First we release the build to a canary of twenty servers in one region, because a bad build should "
            "hurt as few customers as possible, and we watch its error rate and latency for an hour. If the "
            "error rate rises above the baseline by more than half a percent, the pipeline rolls back to the "
            "previous version on its own, so nobody has to wake up to do it by hand, and we stop the rollout "
            "until the cause is understood. When the canary holds, we widen the release in waves of ten, then "
            "twenty-five, then fifty percent of the fleet, checking the same numbers before every wave and "
            "keeping the previous build ready. We tell support and the on-call engineers the schedule a day "
            "ahead, give them the runbook, and run the waves outside our customers' busiest hours. After the "
            "last wave we hold a short review: what the canary caught, how long a roll back took when we "
            "rehearsed it, and what we would change in the gates next time.",
            False,
        ),
    ],
)
def test_a_model_answer_below_the_top_band_is_an_error(check, write_file, tmp_path, model_answer, error):
    body = "id: my-q\ntitle: Mine\nprompt: How do you roll out?\ncategory: mine\nmodel_answer: " + json.dumps(
        model_answer
    )
    write_file(tmp_path / "m" / "q.yaml", body + "\n")
    rubric_body = "question: my-q\nconcepts:\n  - {id: a, label: Canary, phrases: [canary]}\n"
    write_file(tmp_path / "m" / "r.yaml", rubric_body + "  - {id: b, label: Roll back, phrases: [roll back]}\n")
    result = check(tmp_path / "m")
    assert (result.exit_code == 1) is error, result.output
    assert ("q.yaml:5:1: error: model_answer: scores" in result.output) is error
    if error:
        assert "Strong hire" in result.output and "missing `a`" in result.output


def _mixed_folder(write_file, folder, weight: int = 1):
    write_file(folder / "q.yaml", "id: my-q\ntitle: Mine\nprompt: How do you roll out?\ncategory: mine\n")
    write_file(
        folder / "r.yaml", f"question: my-q\nconcepts:\n  - {{id: a, label: A, phrases: [canary], weight: {weight}}}\n"
    )


def test_one_folder_of_questions_and_rubrics_passed_both_ways_is_read_by_kind(db_path, write_file, tmp_path):
    folder = tmp_path / "mine"
    _mixed_folder(write_file, folder)
    both = ["--db", str(db_path), "--bank", str(folder), "--rubrics", str(folder), "rubrics", "check", str(folder)]
    result = CliRunner().invoke(main, both, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 rubric(s) checked" in result.output and "1 question(s) checked" in result.output
    # Passed only as a question folder, the rubric file gets one message saying what to do, not a field list.
    only = ["--db", str(db_path), "--bank", str(folder), "rubrics", "check", str(folder)]
    result = CliRunner().invoke(main, only, catch_exceptions=False)
    assert result.exit_code == 1
    assert "r.yaml:1: error: a rubric file (it has `question` and `concepts`) in a question folder" in result.output
    assert "unknown field" not in result.output


def test_a_rubric_that_fails_to_load_is_not_also_reported_missing(db_path, write_file, tmp_path):
    _mixed_folder(write_file, tmp_path / "q", weight=-1)
    (tmp_path / "r").mkdir()
    (tmp_path / "q" / "r.yaml").rename(tmp_path / "r" / "r.yaml")
    args = ["--db", str(db_path), "--bank", str(tmp_path / "q"), "--rubrics", str(tmp_path / "r"), "rubrics", "check"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "r.yaml:3:" in result.output and "weight" in result.output
    assert "have no rubric" not in result.output


def test_mis_indented_list_item_merging_two_phrases_warns(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts:\n  - id: a\n    label: A\n    phrases:\n      - roll back\n        - revert\n",
    )
    result = check(path)
    assert f"{path}:6:9: warning: concepts.0.phrases.0: the phrase `roll back - revert` runs over" in result.output
    assert "indented one step too far" in result.output
    assert result.exit_code == 0  # a warning does not fail the check


def test_quoted_number_wildcard_that_is_dropped_warns(check, write_file, tmp_path):
    path = rubric(
        write_file, tmp_path, 'concepts:\n  - id: a\n    label: A\n    phrases:\n      - within "#" minutes\n'
    )
    result = check(path)
    assert f'{path}:6:9: warning: concepts.0.phrases.0: the `#` in `within "#" minutes` is dropped' in result.output
    assert '`- "within # minutes"`' in result.output


@pytest.mark.parametrize(
    ("phrase", "word", "advice"),
    [
        ('"99.#%"', "99.#%", "write `#%` for any percentage, or the number itself"),
        ('"within #minutes"', "#minutes", "write it apart from the letters: `# minutes`"),
    ],
)
def test_a_number_wildcard_inside_a_word_says_what_to_write(check, write_file, tmp_path, phrase, word, advice):
    path = rubric(write_file, tmp_path, f"concepts:\n  - id: a\n    label: A\n    phrases:\n      - {phrase}\n")
    line = next(line for line in check(path).output.splitlines() if "warning" in line)
    assert f"the `#` in `{word}` is dropped: `#` is the number wildcard only as a word of its own" in line
    assert line.endswith(advice)


def test_calibration_score_outside_the_scale_is_an_error(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        f"concepts: [{{id: a, label: A, phrases: [canary]}}]\ncalibration:\n  - answer: {GOOD}\n    score: [60, 200]\n",
    )
    result = check(path)
    assert result.exit_code == 1
    assert (
        f"{path}:5:17: error: calibration.0.score.1: the high end of the expected score range is 200" in result.output
    )


def test_rule_worth_more_than_the_maximum_is_an_error(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts: [{id: a, label: A, phrases: [canary]}, {id: b, label: B, phrases: [waves]}]\n"
        "groups: [{id: g, label: G, concepts: [a, b]}]\n"
        "scoring:\n  method: rules\n  max_points: 2\n  rules:\n"
        "    - {points: 5, when: {g: 2}}\n    - {points: 1, when: {g: 3}}\n",
    )
    result = check(path)
    assert result.exit_code == 1
    assert f"{path}:8:16: error: scoring.rules.0.points: the rule gives 5 points but `scoring.max_points` is 2" in (
        result.output
    )
    assert "scoring.rules.1.when.g: needs 3 concepts of group `g`, which has only 2" in result.output


def test_cross_references_point_at_their_line_with_choices(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts:\n  - {id: rollback, label: R, phrases: [roll back]}\n  - {id: canary, label: C, phrases: [canary]}\n"
        "groups:\n  - id: g\n    label: G\n    concepts: [rollbak, canary]\n"
        "required_cap: Hier\n",
    )
    result = check(path)
    assert result.exit_code == 1
    assert (
        f"{path}:8:16: error: groups.0.concepts.0: unknown concept `rollbak` (did you mean `rollback`?); "
        "valid: `canary`, `rollback`" in result.output
    )
    assert f"{path}:9:15: error: required_cap: `Hier` is not a band label (did you mean `Hire`?)" in result.output
    assert "`Strong hire`" in result.output
    assert ":1: error: group" not in result.output  # the whole-file summary is replaced by the lines above


def test_yaml_errors_in_plain_words_with_column(check, write_file, tmp_path):
    path = rubric(write_file, tmp_path, "concepts:\n  - id: a\n    label: Plan: rollback\n    phrases: [x]\n")
    result = check(path)
    assert result.exit_code == 1
    assert f"{path}:4:16: error: a `:` followed by a space inside a value; quote the whole value" in result.output
    tab = rubric(write_file, tmp_path, "concepts:\n\t- id: a\n", name="tab.yaml")
    assert f"{tab}:3:1: error: a tab character: indent with spaces only" in check(tab).output


@pytest.mark.parametrize(
    "line",
    ['    hint: "Nobody knows" is the honest answer.', '    phrases:\n      - canary\n      - "#" weeks'],
)
def test_a_value_quoted_only_in_part_says_so(check, write_file, tmp_path, line):
    path = rubric(write_file, tmp_path, "concepts:\n  - id: a\n    label: A\n" + line + "\n")
    result = check(path)
    assert result.exit_code == 1
    assert "starts with a quote ends at the closing quote" in result.output
    assert "indented differently" not in result.output
    for raw in ("mapping values are not allowed", "could not find expected", "found character"):
        assert raw not in result.output


def test_unknown_question_suggests_bank(check, write_file, tmp_path):
    path = write_file(tmp_path / "r.yaml", "question: fx-rolout\nconcepts: [{id: a, label: A, phrases: [x]}]\n")
    result = check(path)
    assert "rubric for unknown question `fx-rolout`" in result.output
    assert "`--bank DIR`" in result.output and "did you mean `fx-rollout`" in result.output


def test_missing_path_and_non_yaml_file(check, tmp_path, write_file):
    text = write_file(tmp_path / "notes.txt", "hello")
    result = check(tmp_path / "nowhere", text)
    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere'}: error: no such file or folder" in result.output
    assert "notes.txt: error: not a YAML file" in result.output


def test_explain_prints_score_band_margin_and_hits(check):
    result = check(
        FIXTURE_BANK / "rubrics" / "rollout.yaml", explain=True, extra=("--rubrics", str(FIXTURE_BANK / "rubrics"))
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "calibration.0" in line]
    assert len(lines) == 1
    assert (
        "pass: 100 Strong hire; expected Strong hire 80-100; inside by 20.0; hits: canary, rollback, monitoring"
        in (lines[0])
    )
    assert "calibration.1: pass: 0 No hire; expected No hire 0-40; inside by 40.0; hits: none; red flags: big-bang" in (
        result.output
    )


def test_bad_phrases_are_reported_with_another_error_in_the_file_and_once_each(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts:\n  - id: a\n    label: A\n    weight: lots\n    phrases: ['(a (b|c))', canary]\n"
        "  - id: b\n    label: B\n    phrases: [{text: '(x|(y z))', slack: 0}]\n",
    )
    result = check(path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    fields = sorted(line.split(": error: ")[1].split(":")[0] for line in errors)
    assert fields == ["concepts.0.phrases.0", "concepts.0.weight", "concepts.1.phrases.0.text"], errors
    # Without the other error, the loader reports each phrase, and the linter does not repeat it.
    write_file(path, path.read_text().replace("    weight: lots\n", ""))
    errors = [line for line in check(path).output.splitlines() if ": error: " in line]
    assert len(errors) == 2 and all("nested parentheses" in line for line in errors), errors


def test_calibration_examples_are_scored_as_the_app_scores_answers(check, write_file, tmp_path, db_path):
    # An example that never touches the question's scenario is capped off-topic by `score`, which reads the
    # question's prompt; the check must read it too, or it passes examples the app grades otherwise.
    answer = (
        "A canary bird sang in the garden every morning while the old cat slept on the warm windowsill "
        "and the kettle boiled for tea."
    )
    path = rubric(
        write_file,
        tmp_path,
        f"concepts:\n  - {{id: a, label: A, phrases: [canary]}}\ncalibration:\n  - answer: {answer}\n"
        "    band: No hire\n",
    )
    result = check(path, explain=True)
    assert result.exit_code == 0, result.output
    assert "held by caps: off_topic at No hire" in result.output
    scored = CliRunner().invoke(
        main,
        ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions"), "--rubrics", str(path.parent)]
        + ["score", "fx-rollout", "-", "--json"],
        input=answer,
        catch_exceptions=False,
    )
    report = json.loads(scored.output)
    assert report["band"] == "No hire" and any(cap["kind"] == "off_topic" for cap in report["caps"])


def test_explain_names_the_caps_that_hold_an_example(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts:\n  - {id: a, label: A, phrases: [canary]}\n  - {id: b, label: B, phrases: [rollback]}\n"
        "  - {id: c, label: C, phrases: [monitoring]}\n  - {id: d, label: D, phrases: [waves]}\n"
        "calibration:\n  - answer: 'Canary, rollback, monitoring, waves, staging, runbook.'\n    band: No hire\n",
    )
    result = check(path, explain=True)
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if "calibration.0:" in line)
    assert re.search(r"; held by caps: (keyword_list|stuffing) at No hire$", line), line


def test_rescore_keeps_history_and_refuses_a_silent_source_switch(db_path, tmp_path, write_file):
    def run(*args, input=None):
        base = ["--db", str(db_path), "--bank", str(FIXTURE_BANK / "questions")]
        return CliRunner().invoke(main, [*base, *args], input=input, catch_exceptions=False)

    mine = write_file(
        tmp_path / "mine" / "r.yaml",
        "question: fx-rollout\nauthor: Mo\nconcepts: [{id: a, label: A, phrases: [canary]}]\n",
    )
    rubrics = ("--rubrics", str(mine.parent))
    assert run(*rubrics, "score", "fx-rollout", "-", "--save", input=GOOD).exit_code == 0
    report = json.loads(run("show", "1", "--json").output)["report"]
    assert report["rubric_source"] == str(mine.resolve()) and report["rubric_author"] == "Mo"
    # Forgetting --rubrics: the shipped fixture rubric would replace the mentor's; skipped with a warning.
    forgot = run("--rubrics", str(FIXTURE_BANK / "rubrics"), "rescore", "--all")
    assert "attempt 1 was scored with" in forgot.output and "--force" in forgot.output
    assert json.loads(run("show", "1", "--json").output)["report"]["rubric_source"] == str(mine.resolve())
    # With the mentor's folder, a rescore keeps the earlier report in the history.
    write_file(mine, "question: fx-rollout\nversion: 2\nconcepts: [{id: a, label: A, phrases: [zebra]}]\n")
    assert "re-scored 1 attempt(s); 1 score(s) changed" in run(*rubrics, "rescore").output
    shown = json.loads(run("show", "1", "--json").output)
    assert shown["score"] == 0 and [past["score"] for past in shown["report_history"]] == [100]
    assert shown["report_history"][0]["rubric_source"] == str(mine.resolve())
    assert "## Earlier reports" in run("show", "1").output


def test_unquoted_number_wildcard_lost_to_a_comment_is_a_warning(check, write_file, tmp_path):
    path = rubric(write_file, tmp_path, "concepts:\n  - id: a\n    label: A\n    phrases:\n      - within # minutes\n")
    result = check(path)
    assert f"{path}:6:" in result.output and "warning: concepts.0.phrases.0: the phrase `within`" in result.output


def test_explain_shows_how_far_outside_a_failing_example_lands(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts: [{id: a, label: A, phrases: [canary]}, {id: b, label: B, phrases: [zebra]}]\n"
        "calibration:\n  - answer: We start with a canary.\n    score: [70, 90]\n",
    )
    result = check(path, explain=True)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "calibration.0:" in line)
    found = re.search(r"calibration\.0: FAIL: ([\d.]+) [A-Za-z ]+; expected 70-90; outside by ([\d.]+); hits: a$", line)
    assert found, line
    score, margin = float(found[1]), float(found[2])
    assert score < 70 and margin == pytest.approx(70 - score, abs=0.05)  # the distance to the nearer bound


def test_a_single_rubric_file_is_expanded_with_the_lexicon(check, write_file, tmp_path):
    path = rubric(write_file, tmp_path, "concepts:\n  - id: rb\n    label: Rollback\n    families: [rollbak]\n")
    result = check(path)
    assert result.exit_code == 1
    assert f"{path}:5:16: error: concepts.0.families.0: unknown lexicon family `rollbak`" in result.output
    write_file(path, "question: fx-rollout\nconcepts:\n  - id: rb\n    label: Rollback\n    families: [rollback]\n")
    assert check(path).exit_code == 0


def test_merged_phrases_are_found_in_every_phrase_list(check, write_file, tmp_path):
    path = rubric(
        write_file,
        tmp_path,
        "concepts:\n  - id: a\n    label: A\n    phrases: [canary]\n    unless:\n      - no canary\n        - skip canary\n",
    )
    result = check(path)
    assert "concepts.0.unless.0: the phrase `no canary - skip canary` runs over several lines" in result.output
