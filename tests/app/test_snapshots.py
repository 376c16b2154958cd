"""Snapshot tests of the main screens at 80x24, on fixed data with a frozen clock and date."""

from __future__ import annotations

from trainer_helpers import GOOD_ROLLOUT, WEAK_ROLLOUT, add_attempt, settle

SIZE = (80, 24)
DEADLINE = "I raised the risk early and we agreed a new plan with a cut scope."


def seed(context, bank) -> None:
    store = context.store
    add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00", time_used_seconds=61)
    add_attempt(store, bank, "missed-deadline", DEADLINE, "2025-03-05T10:00:00+00:00")
    add_attempt(store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-13T10:00:00+00:00", time_used_seconds=200)


def test_home_screen(snap_compare, make_app, context, bank):
    seed(context, bank)

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)


def test_interview_screen(snap_compare, make_app):
    async def run_before(pilot):
        await settle(pilot)
        area = pilot.app.screen.editor.area
        area.cursor_blink = False
        area.insert("Start with a canary, then roll out in waves.")
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(make_app(question_id="fleet-rollout"), terminal_size=SIZE, run_before=run_before)


def test_results_screen(snap_compare, make_app, context, bank):
    seed(context, bank)

    async def run_before(pilot):
        from tpm_trainer.app.screens.results import ResultsScreen

        await settle(pilot)
        pilot.app.push_screen(ResultsScreen(3))
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)


def test_history_screen(snap_compare, make_app, context, bank):
    seed(context, bank)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)


def test_progress_screen(snap_compare, make_app, context, bank):
    seed(context, bank)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)


def test_mock_setup_screen(snap_compare, make_app):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)
