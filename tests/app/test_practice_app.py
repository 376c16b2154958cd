"""Pilot tests of the practice features in the app: weak-concept drill from the progress screen,
"Due today" on the home screen, retake a mock from its summary, model answers only after answering,
best/latest/trend in browse."""

from __future__ import annotations

import shutil

import pytest
from trainer_helpers import FIXTURES, GOOD_ROLLOUT, WEAK_ROLLOUT, add_attempt, settle

from tpm_trainer.app.screens.browse import BrowseScreen
from tpm_trainer.app.screens.drill import DrillScreen
from tpm_trainer.app.screens.due import DueScreen
from tpm_trainer.app.screens.interview import InterviewScreen
from tpm_trainer.app.screens.progress import ProgressScreen
from tpm_trainer.app.screens.results import ResultsScreen
from tpm_trainer.app.screens.setup import MockSetupScreen
from tpm_trainer.app.screens.summary import SummaryScreen
from tpm_trainer.app.widgets.study import StudyNext
from tpm_trainer.bank import load_bank
from tpm_trainer.practice.queries import hints_used
from tpm_trainer.session import InterviewSession

MIGRATION_QUESTION = """\
id: schema-migration
title: Migrate a busy database schema
prompt: How would you run a schema migration on the orders database without downtime?
category: rollouts
model_answer: >-
  I would expand then contract: add the new columns, backfill in batches, switch reads behind a flag,
  and keep a rollback script tested in staging until the old columns are dropped.
"""
MIGRATION_RUBRIC = """\
question: schema-migration
concepts:
  - id: backfill
    label: Backfill in batches
    phrases: [backfill]
    hint: Move the data in small batches.
  - id: rollback
    label: Rollback plan
    required: true
    phrases: [rollback, roll back]
    hint: Keep a tested way back until the old columns are gone.
"""
WEAK_MIGRATION = "We would just change the table on Sunday night."


@pytest.fixture
def bank(tmp_path):
    """The app fixtures plus a question whose rubric shares the `rollback` concept with fleet-rollout."""
    questions, rubrics = tmp_path / "questions", tmp_path / "rubrics"
    shutil.copytree(FIXTURES / "questions", questions)
    shutil.copytree(FIXTURES / "rubrics", rubrics)
    (questions / "schema-migration.yaml").write_text(MIGRATION_QUESTION, encoding="utf-8")
    (rubrics / "schema-migration.yaml").write_text(MIGRATION_RUBRIC, encoding="utf-8")
    loaded = load_bank([questions], [rubrics])
    assert not loaded.errors, loaded.errors
    return loaded


def seed_misses(context, bank) -> None:
    store = context.store
    add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00")
    add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-02T10:00:00+00:00")
    add_attempt(store, bank, "schema-migration", WEAK_MIGRATION, "2025-03-03T10:00:00+00:00")


def most_missed_concept_ids(context) -> tuple[set[str], int]:
    """Counted here straight from the stored reports: the concept id(s) missed most, and how often."""
    counts: dict[str, int] = {}
    for attempt in context.store.attempts():
        for concept in attempt.report.misses:
            counts[concept.id] = counts.get(concept.id, 0) + 1
    top = max(counts.values())
    return {cid for cid, count in counts.items() if count == top}, top


async def test_drill_for_the_most_missed_concept_starts_from_progress(make_app, context, bank):
    seed_misses(context, bank)
    expected_ids, expected_misses = most_missed_concept_ids(context)
    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        progress = app.screen
        assert isinstance(progress, ProgressScreen)
        study = progress.query_one(StudyNext)
        top = study.weak[0]
        assert top.key in expected_ids and top.misses == expected_misses
        shown = str(study.render())
        assert top.label in shown and f"missed {expected_misses}×" in shown and " d " in shown

        await pilot.press("d")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, DrillScreen) and drill.weak.key == top.key
        offered = [item.question.id for item in drill.items]
        assert offered
        for question_id in offered:
            assert top.key in {concept.id for concept in bank.rubric_for(question_id).concepts}
        # the concept's hint is on the drill screen before answering
        assert "hint:" in str(drill.query_one("#drill-concept").render())

        # answer the highlighted question: practice, then the results show the model answer
        await pilot.press("enter")
        await settle(pilot)
        interview = app.screen
        assert isinstance(interview, InterviewScreen) and interview.question.id == offered[0]
        interview.editor.area.insert(GOOD_ROLLOUT if offered[0] == "fleet-rollout" else "backfill and rollback")
        await pilot.press("ctrl+s")
        await settle(pilot)
        if app.screen is interview:
            await pilot.press("ctrl+n")  # skip the follow-up
            await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "Model answer" in str(app.screen.query_one("#model-answer").render())


async def test_home_offers_due_today_and_starts_a_session_of_them(make_app, context, bank):
    # FIXED_NOW is 2025-03-14: a No hire answer on the 10th is due again; a fresh strong one is not.
    add_attempt(context.store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-10T10:00:00+00:00")
    add_attempt(
        context.store, bank, "missed-deadline", "I raised the risk early and cut scope.", "2025-03-13T10:00:00+00:00"
    )
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#menu")
        assert "Due today (1)" in str(menu.get_option("due").prompt)
        await pilot.press("d")
        await settle(pilot)
        due = app.screen
        assert isinstance(due, DueScreen)
        listed = due.query_one("#due-list")
        assert [listed.get_option_at_index(i).id for i in range(listed.option_count)] == ["fleet-rollout"]
        why = str(listed.get_option_at_index(0).prompt)
        assert "last No hire" in why and "overdue" in why
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert [q.id for q in screen.session.questions] == ["fleet-rollout"]


async def test_retake_this_mock_from_the_summary(make_app, context, bank):
    first = add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00", mode="mock")
    questions = [bank.questions["missed-deadline"], bank.questions["fleet-rollout"]]
    run = InterviewSession(bank, "mock", questions, minutes=5.0, attempt_ids=[first])
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(SummaryScreen(run))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert [q.id for q in screen.session.questions] == ["missed-deadline", "fleet-rollout"]
        assert screen.session.minutes == 5.0 and screen.session.session_id is not None


async def test_hints_opened_are_recorded_for_the_schedule(make_app, context):
    app = make_app(question_id="fleet-rollout")
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t", "ctrl+t")
        app.screen.editor.area.insert(GOOD_ROLLOUT)
        await pilot.press("ctrl+s")
        await settle(pilot)
    (main,) = [a for a in context.store.attempts() if a.parent_attempt_id is None]
    assert hints_used(context.store, main.id) == 2


async def test_browse_shows_the_model_answer_only_after_an_answer_and_the_record(make_app, context, bank):
    add_attempt(context.store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00")
    add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-02T10:00:00+00:00")
    app = make_app(offer_resume=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browse = app.screen
        assert isinstance(browse, BrowseScreen)
        browse._show("schema-migration")
        details = str(browse.query_one("#details").render())
        assert "Not answered yet" in details and "expand then contract" not in details
        assert "shown once you have answered" in details
        browse._show("fleet-rollout")
        details = str(browse.query_one("#details").render())
        scores = [a.score for a in context.store.attempts(order="id")]
        assert f"best {max(scores):.0f} · latest {scores[-1]:.0f} ↑ (2 answers)" in details
        assert "Canary first" in details


async def test_history_shows_best_latest_and_trend_of_the_highlighted_question(make_app, context, bank):
    add_attempt(context.store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00")
    add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-02T10:00:00+00:00")
    scores = [a.score for a in context.store.attempts(order="id")]
    app = make_app(offer_resume=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        status = str(app.screen.query_one("#history-status").render())
        assert f"this question: best {max(scores):.0f} · latest {scores[-1]:.0f} ↑ (2 answers)" in status


async def test_a_new_mock_avoids_questions_answered_recently(make_app, context, bank):
    # answered yesterday (FIXED_NOW is 2025-03-14): with "skip those answered in 7 days" it is left out
    add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-13T10:00:00+00:00")
    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        setup.query_one("#count").value = 2
        setup.query_one("#avoid").value = 7
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        # two other questions with rubrics are left, so the recent one is not asked
        planned = [q.id for q in screen.session.questions]
        assert len(planned) == 2 and "fleet-rollout" not in planned
    assert context.store.get_setting("app.mock_setup")["avoid_recent_days"] == 7
