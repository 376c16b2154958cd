"""Pilot tests of the interview flows: practice with hints, mock interview, timer, autosave/resume."""

from __future__ import annotations

import pytest
from trainer_helpers import GOOD_ROLLOUT, settle

from tpm_trainer.app.screens.dialogs import ResumeDialog
from tpm_trainer.app.screens.home import HomeScreen
from tpm_trainer.app.screens.interview import InterviewScreen
from tpm_trainer.app.screens.results import ResultsScreen
from tpm_trainer.app.screens.setup import MockSetupScreen
from tpm_trainer.app.screens.summary import SummaryScreen
from tpm_trainer.app.widgets import Countdown


def static_text(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def type_answer(pilot, text: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, InterviewScreen)
    screen.editor.area.insert(text)
    await pilot.pause()


async def test_practice_with_hints_follow_up_and_results(make_app, context):
    app = make_app(question_id="fleet-rollout")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.practice
        assert not screen.query_one("#hints").display
        await pilot.press("ctrl+t")
        assert screen.query_one("#hints").display
        assert "Start with a canary" in static_text(screen, "#hints")
        await pilot.press("ctrl+t")
        assert "Hint 2/3" in static_text(screen, "#hints")
        await pilot.press(*"We use a canary")
        assert "4 words" in static_text(screen, "#word-count")
        screen.editor.area.insert(" and then roll back if errors.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the rubric names a follow-up for the most important missed concept
        assert app.screen is screen and screen.follow_up == "Which metrics would stop the rollout?"
        assert "Interviewer follow-up" in static_text(screen, "#prompt")
        assert screen.editor.text == ""
        await type_answer(pilot, "Error rate and latency; health checks failing.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "/100" in static_text(app.screen, "#score-line")
        assert "First attempt" in static_text(app.screen, "#delta")
        assert "Missed" in static_text(app.screen, "#concepts")
        assert "Canary first" in static_text(app.screen, "#model-answer")
    store = context.store
    attempts = store.attempts(order="id")
    assert len(attempts) == 2
    main, follow = attempts
    assert main.parent_attempt_id is None and main.score is not None
    assert follow.parent_attempt_id == main.id and follow.prompt == "Which metrics would stop the rollout?"
    assert store.drafts() == []


async def test_results_show_change_against_previous_attempt(make_app, context, bank):
    from trainer_helpers import WEAK_ROLLOUT, add_attempt

    add_attempt(context.store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00")
    app = make_app(question_id="fleet-rollout")
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_answer(pilot, GOOD_ROLLOUT)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+n")  # skip the follow-up
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        delta = static_text(app.screen, "#delta")
        assert "▲" in delta and "vs previous attempt" in delta
        assert "gained" in delta and "Canary and phased rollout" in delta


async def test_empty_answer_is_refused(make_app, context):
    app = make_app(question_id="fleet-rollout")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        assert any("answer is empty" in n.message for n in app._notifications)
    assert context.store.count_attempts() == 0


async def test_question_without_rubric_is_stored_unscored(make_app, context):
    app = make_app(question_id="no-rubric")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        assert "no rubric" in static_text(app.screen, "#where")
        await type_answer(pilot, "A whiteboard and a spreadsheet.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # no rubric and no follow-ups: straight to results
        assert isinstance(app.screen, ResultsScreen)
        assert "could not be scored" in static_text(app.screen, "#score-line")
    (attempt,) = context.store.attempts()
    assert attempt.score is None and attempt.answer == "A whiteboard and a spreadsheet."


async def test_full_mock_interview_with_follow_ups_and_summary(make_app, context):
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("m")
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        setup.query_one("#count").value = 2
        await pilot.press("ctrl+s")
        await settle(pilot)
        seen = []
        for _ in range(2):
            screen = app.screen
            assert isinstance(screen, InterviewScreen)
            assert screen.session.mode == "mock"
            assert screen.check_action("hint", ()) is False  # hints are hidden in mock mode
            seen.append(screen.question.id)
            await type_answer(
                pilot,
                GOOD_ROLLOUT
                if screen.question.id == "fleet-rollout"
                else "I raised the risk early and we agreed a new plan.",
            )
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen and screen.follow_up
            await type_answer(pilot, "I would watch error rates and stop on a spike.")
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert sorted(seen) == ["fleet-rollout", "missed-deadline"]
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert summary.query_one("#summary-table").row_count == 2
        assert "2 of 2 answered" in static_text(summary, "#summary-line")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert app.screen.query("ReportView")
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    store = context.store
    (session,) = store.sessions()
    assert session["ended_at"] is not None
    assert store.count_attempts(session_id=session["id"]) == 4
    # the set-up choice is remembered
    assert store.get_setting("app.mock_setup")["count"] == 2


async def test_timer_expiry_with_a_fraction_of_a_minute(make_app, context, clock):
    app = make_app(question_id="missed-deadline", minutes=0.25)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        countdown = screen.query_one(Countdown)
        assert countdown.clock.limit_seconds == 15
        assert "0:15 left" in str(countdown.render())
        assert countdown.has_class("-danger")  # under 30 seconds from the start
        await type_answer(pilot, "I raised the risk early to my director.")
        clock.advance(15.2)
        countdown.refresh_time()
        await settle(pilot)
        # submitted automatically; the follow-up starts with its own clock
        assert screen.follow_up is not None
    (attempt,) = context.store.attempts()
    assert attempt.answer == "I raised the risk early to my director."
    assert attempt.time_used_seconds == pytest.approx(15.2, abs=0.01)
    assert attempt.time_limit_seconds == 15


async def test_countdown_colours_and_overtime(make_app, context, clock):
    context.store.set_setting("app.mock_setup", {"overtime": True})
    app = make_app(question_id="missed-deadline", minutes=2)
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        countdown = app.screen.query_one(Countdown)
        assert not countdown.has_class("-warning") and not countdown.has_class("-danger")
        clock.advance(61)
        countdown.refresh_time()
        assert countdown.has_class("-warning")
        clock.advance(30)
        countdown.refresh_time()
        assert countdown.has_class("-danger") and not countdown.has_class("-warning")
        clock.advance(40)
        countdown.refresh_time()
        await settle(pilot)
        assert countdown.has_class("-overtime")
        assert "overtime +0:11" in str(countdown.render())
        assert isinstance(app.screen, InterviewScreen) and not app.screen.busy
        assert any("overtime" in n.message for n in app._notifications)
    assert context.store.count_attempts() == 0


async def test_autosave_and_resume_after_a_crash(make_app, context, clock, bank):
    app = make_app(question_id="fleet-rollout")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        await type_answer(pilot, "First we canary the build")
        clock.advance(42)
        screen.autosave()  # what the 3-second interval does
        await settle(pilot)
        (draft,) = context.store.drafts()
        assert draft.answer == "First we canary the build"
        assert draft.time_used_seconds == pytest.approx(42)
        # more typing updates the same draft row
        await type_answer(pilot, " on ten servers")
        screen.autosave()
        await settle(pilot)
        (draft,) = context.store.drafts()
        assert draft.answer == "First we canary the build on ten servers"
        # no clean exit: a crash leaves just what was autosaved
    # start again with the same database, as after kill -9
    again = make_app(question_id="fleet-rollout")
    async with again.run_test() as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ResumeDialog)
        await pilot.press("enter")
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, InterviewScreen)
        assert screen.editor.text == "First we canary the build on ten servers"
        assert screen.countdown.used == pytest.approx(42)
        assert "4:18 left" in str(screen.countdown.render())
        await pilot.press("ctrl+s")
        await settle(pilot)
    (attempt,) = context.store.attempts()
    assert attempt.answer == "First we canary the build on ten servers"
    assert context.store.drafts() == []  # deleted with the submit, in one transaction


async def test_leaving_and_quitting_keep_the_draft(make_app, context, clock):
    app = make_app(question_id="missed-deadline")
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_answer(pilot, "We slipped two weeks")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        (draft,) = context.store.drafts()
        assert draft.answer == "We slipped two weeks"
        # resume from the home screen, type more, quit the whole app with ctrl+q
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ResumeDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.editor.text == "We slipped two weeks"
        await type_answer(pilot, " and I told the VP.")
        await pilot.press("ctrl+q")
        await app.workers.wait_for_complete()  # the app quits once the draft is written
    (draft,) = context.store.drafts()
    assert draft.answer == "We slipped two weeks and I told the VP."


async def test_skip_in_mock_interview_moves_on(make_app, context):
    app = make_app(count=2)
    async with app.run_test() as pilot:
        await settle(pilot)
        first = app.screen
        assert isinstance(first, InterviewScreen) and first.session.mode == "mock"
        await pilot.press("ctrl+n")
        await settle(pilot)
        second = app.screen
        assert isinstance(second, InterviewScreen) and second is not first
        assert second.session.index == 1


async def test_database_write_failure_keeps_the_text(make_app, context, monkeypatch):
    from tpm_trainer.store import Store

    def broken(self, **_):
        raise OSError("disk full")

    app = make_app(question_id="fleet-rollout")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Store, "save_attempt", broken)
        await type_answer(pilot, GOOD_ROLLOUT)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen) and not screen.busy
        assert screen.editor.text == GOOD_ROLLOUT
        assert any("disk full" in n.message for n in app._notifications)
