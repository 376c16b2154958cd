"""Progress charts (textual-plotext): the series they draw, and a snapshot at 80×24."""

from __future__ import annotations

from trainer_helpers import GOOD_ROLLOUT, WEAK_ROLLOUT, add_attempt, settle

from tpm_trainer.app.screens.charts import ChartsScreen
from tpm_trainer.practice import score_points
from tpm_trainer.practice.progress import score_by_day, time_share_by_day

SIZE = (80, 24)
DEADLINE = "I raised the risk early and we agreed a new plan with a cut scope."


def seed(context, bank) -> None:
    store = context.store
    add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00", time_used_seconds=61)
    add_attempt(store, bank, "missed-deadline", "We were late.", "2025-03-01T11:00:00+00:00", time_used_seconds=30)
    add_attempt(store, bank, "missed-deadline", DEADLINE, "2025-03-05T10:00:00+00:00", time_used_seconds=240)
    add_attempt(store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-09T10:00:00+00:00", time_used_seconds=200)
    add_attempt(store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-13T10:00:00+00:00", time_used_seconds=420)


def test_series_average_per_day_overall_per_category_and_time_share(context, bank):
    seed(context, bank)
    points = score_points(context.store)
    scores = {a.ended_at[:10]: [] for a in context.store.attempts()}
    for attempt in context.store.attempts():
        scores[attempt.ended_at[:10]].append(attempt.score)
    overall = score_by_day(points)
    assert [p.day for p in overall] == sorted(scores)
    assert [round(p.value, 6) for p in overall] == [round(sum(v) / len(v), 6) for _, v in sorted(scores.items())]
    assert [p.answers for p in overall] == [2, 1, 1, 1]
    rollouts = score_by_day(points, "rollouts")
    assert [p.day for p in rollouts] == ["2025-03-01", "2025-03-09", "2025-03-13"]
    limits = {q.category: q.time_limit_minutes * 60 for q in bank.questions.values()}
    share = time_share_by_day(points)
    assert round(share[-1].value, 6) == round(100 * 420 / limits["rollouts"], 6)


async def test_charts_step_through_overall_categories_and_time(make_app, context, bank):
    seed(context, bank)
    app = make_app(offer_resume=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ChartsScreen)
        assert screen.views == ["overall", "delivery", "rollouts", "time"]
        captions = []
        for _ in screen.views:
            captions.append(str(screen.query_one("#chart-caption").render()))
            await pilot.press("right")
        assert "all categories" in captions[0]
        assert any("time used" in caption for caption in captions)
        assert str(screen.query_one("#chart-caption").render()) == captions[0]  # wrapped around


def test_charts_screen_snapshot(snap_compare, make_app, context, bank):
    seed(context, bank)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)


def test_time_chart_snapshot(snap_compare, make_app, context, bank):
    seed(context, bank)

    async def run_before(pilot):
        await settle(pilot)
        pilot.app.push_screen(ChartsScreen())
        await settle(pilot)
        await pilot.press("left")
        await settle(pilot)

    assert snap_compare(make_app(offer_resume=False), terminal_size=SIZE, run_before=run_before)
