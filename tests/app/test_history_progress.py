"""Pilot tests of history (paging, filter, sort, open, compare, delete), progress, help, palette, size."""

from __future__ import annotations

from trainer_helpers import GOOD_ROLLOUT, WEAK_ROLLOUT, add_attempt, settle

from tpm_trainer.app.screens.compare import CompareScreen
from tpm_trainer.app.screens.dialogs import ConfirmDialog, TooSmallScreen
from tpm_trainer.app.screens.help import HelpScreen
from tpm_trainer.app.screens.history import PAGE_SIZE, HistoryScreen
from tpm_trainer.app.screens.home import HomeScreen
from tpm_trainer.app.screens.progress import ProgressScreen
from tpm_trainer.app.screens.results import ResultsScreen

DEADLINE = "I raised the risk early and we agreed a new plan with a cut scope."


def seed(context, bank) -> list[int]:
    store = context.store
    return [
        add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-01T10:00:00+00:00", time_used_seconds=61),
        add_attempt(store, bank, "missed-deadline", DEADLINE, "2025-03-05T10:00:00+00:00"),
        add_attempt(store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:00:00+00:00", time_used_seconds=200),
        add_attempt(store, bank, "missed-deadline", "We were late.", "2025-03-13T10:00:00+00:00"),
    ]


def bulk_insert(context, count: int) -> None:
    rows = [
        (
            "fleet-rollout",
            "rollouts",
            f"answer {i}",
            "2025-01-01T00:00:00+00:00",
            f"2025-02-{1 + i % 28:02d}T10:00:00+00:00",
            300.0,
            100.0 + i % 50,
            "practice",
            float(i % 100),
            "Hire",
        )
        for i in range(count)
    ]
    with context.store.db.atomic():
        context.store.db.conn.executemany(
            "insert into attempts (question_id, category, answer, started_at, ended_at, time_limit_seconds, "
            "time_used_seconds, mode, score, band) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def open_history(pilot) -> HistoryScreen:
    await pilot.press("h")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def table_ids(screen) -> list[int]:
    table = screen.query_one("DataTable")
    return [int(key.value) for key in table.rows]


async def test_history_lists_filters_and_sorts(make_app, context, bank):
    ids = seed(context, bank)
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = await open_history(pilot)
        assert table_ids(screen) == list(reversed(ids))  # newest first
        assert "4 attempts" in str(screen.query_one("#history-status").render())
        # text filter (matches titles too), applied on enter
        await pilot.press("slash", *"fleet", "enter")
        await settle(pilot)
        assert table_ids(screen) == [ids[2], ids[0]]
        # date filter
        screen.query_one("#filter-since").value = "2025-03-05"
        screen.apply_filters()
        await settle(pilot)
        assert table_ids(screen) == [ids[2]]
        # clear, then category filter
        screen.query_one("#filter-text").value = ""
        screen.query_one("#filter-since").value = ""
        screen.query_one("#filter-category").value = "delivery"
        await settle(pilot)
        assert table_ids(screen) == [ids[3], ids[1]]
        # a bad date is refused with a message, the list stays
        screen.query_one("#filter-until").value = "yesterday"
        screen.apply_filters()
        await settle(pilot)
        assert table_ids(screen) == [ids[3], ids[1]]
        screen.query_one("#filter-until").value = ""
        screen.query_one("#filter-category").clear()
        screen.apply_filters()
        await settle(pilot)
        # sort by score (highest first), then reverse
        screen.query_one("DataTable").focus()
        await pilot.press("s")
        await settle(pilot)
        scores = [context.store.attempt(i).score for i in table_ids(screen)]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("S")
        await settle(pilot)
        scores = [context.store.attempt(i).score for i in table_ids(screen)]
        assert scores == sorted(scores)


async def test_history_open_and_compare(make_app, context, bank):
    ids = seed(context, bank)
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = await open_history(pilot)
        await pilot.press("enter")  # newest: ids[3]
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen) and app.screen.read_only
        assert app.screen.attempt.id == ids[3]
        await pilot.press("escape")
        await settle(pilot)
        # mark the two fleet-rollout attempts and compare them
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)  # nothing marked: a message, no screen
        await pilot.press("down", "space", "down", "down", "space")
        assert screen.marked == [ids[2], ids[0]]
        await pilot.press("c")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        summary = str(compare.query_one("#compare-summary").render())
        assert f"#{ids[0]} → #{ids[2]}" in summary
        assert "gained: " in summary and "Canary and phased rollout" in summary
        assert "lost: -" in summary
        assert len(compare.query("#compare-left HighlightedAnswer")) == 1


async def test_history_delete_asks_first(make_app, context, bank):
    ids = seed(context, bank)
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = await open_history(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and context.store.count_attempts() == 4
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert context.store.attempt(ids[3]) is None
        assert table_ids(screen) == [ids[2], ids[1], ids[0]]


async def test_history_pages_large_lists(make_app, context):
    bulk_insert(context, 450)
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = await open_history(pilot)
        assert screen.query_one("DataTable").row_count == PAGE_SIZE
        assert "page 1 of 3" in str(screen.query_one("#history-status").render())
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert screen.query_one("DataTable").row_count == 50
        assert "page 3 of 3" in str(screen.query_one("#history-status").render())


async def test_progress_shows_averages_trend_and_missed_concepts(make_app, context, bank):
    seed(context, bank)
    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        totals = str(screen.query_one("#totals").render())
        assert "4 answers" in totals and "streak 1 day" in totals  # 13 March, the day before (frozen) today
        assert "7m 31s answering" in totals
        bars = str(screen.query_one("#category-bars").render())
        assert "delivery" in bars and "rollouts" in bars
        trend = str(screen.query_one("#trend").render())
        assert "rollouts" in trend
        missed = str(screen.query_one("#missed").render())
        assert "×" in missed
        await pilot.press("t")
        await settle(pilot)
        assert "per day" in str(screen.query_one("#trend-title").render())


async def test_help_palette_and_browse(make_app):
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Mock interview", "Practise one question", "History", "Progress", "Resume an unfinished answer"):
            assert title in titles
        await pilot.press("b")
        await settle(pilot)
        details = str(app.screen.query_one("#details").render())
        assert "Rubric" in details or "No rubric" in details
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("p")  # practise: pick a question from the list
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        from tpm_trainer.app.screens.interview import InterviewScreen

        assert isinstance(app.screen, InterviewScreen)


async def test_too_small_terminal_shows_a_notice(make_app):
    app = make_app(offer_resume=False)
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "at least 80x24" in str(app.screen.query_one("#too-small-text").render())
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
