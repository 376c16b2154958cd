"""Pilot tests for problems found using the app as a candidate would (QA, 2026-12-02)."""

from __future__ import annotations

import stat
from pathlib import Path

from trainer_helpers import GOOD_ROLLOUT, add_attempt, database_locked, settle

from tpm_trainer.app.screens.compare import CompareScreen
from tpm_trainer.app.screens.dialogs import ConfirmDialog, UnsavedAnswerDialog
from tpm_trainer.app.screens.history import HistoryScreen
from tpm_trainer.session import MAX_ANSWER_CHARS


async def test_history_refuses_a_date_that_is_not_on_the_calendar(make_app, context, bank):
    attempt_id = add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00")
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        for bad in ("2025-13-45", "2025-02-30", "2025-00"):
            screen.query_one("#filter-since").value = bad
            screen.apply_filters()
            await settle(pilot)
            # one warning naming the field; the list is not emptied as if nothing matched
            assert any("`from` date" in n.message for n in app._notifications), bad
            table = screen.query_one("DataTable")
            assert [int(key.value) for key in table.rows] == [attempt_id], bad
            app.clear_notifications()


async def test_compare_of_different_questions_lists_no_gained_or_lost_concepts(make_app, context, bank):
    rollout = add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00")
    deadline = add_attempt(
        context.store, bank, "missed-deadline", "I raised the risk early.", "2025-03-11T10:00:00+00:00"
    )
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(CompareScreen(rollout, deadline))
        await settle(pilot)
        summary = str(app.screen.query_one("#compare-summary").render())
        assert "Different questions: concepts are not comparable." in summary
        # the message is not contradicted by a list of concepts "lost" from the other question's rubric
        assert "gained:" not in summary and "lost:" not in summary
        assert f"#{rollout} → #{deadline}" in summary


async def test_delete_of_a_main_answer_says_its_follow_up_goes_too(make_app, context, bank):
    main = add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00")
    follow_up = add_attempt(
        context.store, bank, "fleet-rollout", "Error rate.", "2025-03-10T10:05:00+00:00", parent_attempt_id=main
    )
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        await pilot.press("down")  # newest first: the follow-up, then its main answer
        await pilot.press("d")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.question == f"Delete attempt #{main} and its 1 follow-up? This cannot be undone."
        await pilot.press("y")
        await settle(pilot)
        assert context.store.attempt(main) is None and context.store.attempt(follow_up) is None


async def test_quitting_with_an_unsaved_answer_keeps_a_note_of_where_it_was_written(make_app, context):
    app = make_app(question_id="missed-deadline")
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.editor.area.insert("We slipped two weeks and I told the VP early.")
        with database_locked(context.db_path):
            await pilot.press("ctrl+q")
            await settle(pilot)
            assert isinstance(app.screen, UnsavedAnswerDialog)
            await pilot.press("w")
            await settle(pilot)
    # the in-app notice goes with the app: `launch` prints this line in the terminal afterwards
    assert app.exit_note is not None
    path = Path(app.exit_note.split("written to ", 1)[1])
    assert path.read_text(encoding="utf-8") == "We slipped two weeks and I told the VP early."
    # owner-only, like the recovery files of `score --save`
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_one_character_past_the_answer_limit_is_named_in_the_singular(make_app):
    app = make_app(question_id="fleet-rollout")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        app.screen.editor.area.insert("x" * MAX_ANSWER_CHARS)
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("y")  # one key at the limit, as when typing on
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("the character past the limit was not added" in m for m in messages), messages
        assert not any("1 characters" in m for m in messages)


async def test_progress_counts_a_concepts_misses_in_main_answers_only(make_app, context, bank):
    from tpm_trainer.app.screens.progress import ProgressScreen
    from tpm_trainer.app.widgets.study import StudyNext

    # the main answer and its follow-up both miss the question's concepts: one miss each, not two
    main = add_attempt(context.store, bank, "missed-deadline", "I raised the risk early.", "2025-03-10T10:00:00+00:00")
    add_attempt(context.store, bank, "missed-deadline", "Later.", "2025-03-10T10:05:00+00:00", parent_attempt_id=main)
    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        weak = screen.query_one(StudyNext).weak
        assert weak and all(concept.misses == 1 for concept in weak)
        missed = str(screen.query_one("#missed").render())
        assert "1×" in missed and "2×" not in missed
