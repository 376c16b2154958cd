"""Grading from the results screen: a small modal, validated, stored and shown."""

from __future__ import annotations

from trainer_helpers import GOOD_ROLLOUT, add_attempt, settle

from tpm_trainer.app.screens.grade import GradeDialog
from tpm_trainer.app.screens.results import ResultsScreen
from tpm_trainer.mentor.grades import grades_for


async def test_grade_from_the_results_screen(make_app, context, bank):
    attempt_id = add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00")
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(attempt_id, read_only=True))
        await settle(pilot)
        grades = app.screen.query_one("#results-grades")
        assert "none yet" in str(grades.render())
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, GradeDialog)
        await pilot.press("1", "5", "0", "enter")  # out of range: explained, nothing lost
        await settle(pilot)
        assert isinstance(app.screen, GradeDialog)
        assert "from 0 to 100" in str(app.screen.query_one("#grade-error").render())
        assert app.screen.query_one("#grade-score").value == "150"
        app.screen.query_one("#grade-score").value = "72"
        app.screen.query_one("#grade-comment").value = "Clear waves, say more on rollback"
        app.screen.query_one("#grade-mentor").value = "Mo"
        await pilot.click("#grade-save")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        shown = str(app.screen.query_one("#results-grades").render())
        assert "72" in shown and "by Mo" in shown and "say more on rollback" in shown
    [stored] = grades_for(context.store.db, attempt_id)
    assert (stored.score, stored.mentor, stored.comment) == (72, "Mo", "Clear waves, say more on rollback")


async def test_cancel_stores_nothing(make_app, context, bank):
    attempt_id = add_attempt(context.store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00")
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.push_screen(ResultsScreen(attempt_id, read_only=True))
        await settle(pilot)
        await pilot.press("g", "5", "0", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
    assert grades_for(context.store.db, attempt_id) == []
