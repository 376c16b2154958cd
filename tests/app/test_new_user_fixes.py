"""One Pilot test per problem found trying the app as a new user (issue 10), on the real app, real
SQLite files and the real scorer."""

from __future__ import annotations

from textual import events
from trainer_helpers import GOOD_ROLLOUT, WEAK_ROLLOUT, add_attempt, database_locked, settle, wait_until

from tpm_trainer.app.screens.browse import BrowseScreen
from tpm_trainer.app.screens.dialogs import ConfirmDialog, TooSmallScreen, UnsavedAnswerDialog
from tpm_trainer.app.screens.history import HistoryScreen
from tpm_trainer.app.screens.home import HomeScreen
from tpm_trainer.app.screens.interview import InterviewScreen
from tpm_trainer.app.screens.progress import ProgressScreen
from tpm_trainer.app.screens.results import ResultsScreen
from tpm_trainer.app.screens.setup import MockSetupScreen
from tpm_trainer.recovery import recovery_folder
from tpm_trainer.session import MAX_ANSWER_CHARS


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


async def test_home_and_progress_averages_exclude_follow_ups(make_app, context, bank):
    store = context.store
    main = add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-10T10:00:00+00:00")
    add_attempt(store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:05:00+00:00", parent_attempt_id=main)
    weak = store.attempt(main).score
    assert weak != store.attempts(order="id")[1].score
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert f"average {weak:.0f}" in text_of(app.screen, "#home-stats")
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        totals = text_of(app.screen, "#totals")
        assert f"average {weak:.0f}" in totals and "1 follow-up, in no average" in totals
        assert "1 day practised" in totals and "day(s)" not in totals


async def test_deleting_an_attempt_deletes_its_follow_ups_and_lists_show_ids(make_app, context, bank):
    store = context.store
    main = add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-10T10:00:00+00:00")
    follow = add_attempt(
        store, bank, "fleet-rollout", GOOD_ROLLOUT, "2025-03-10T10:05:00+00:00", parent_attempt_id=main
    )
    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#history-table")
        ids = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert sorted(ids) == sorted([str(main), str(follow)])
        titles = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert any(t.startswith(f"↳ follow-up to {main}") for t in titles)
        table.move_cursor(row=ids.index(str(main)))
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert table.row_count == 0
    assert store.count_attempts() == 0
    assert add_attempt(store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-11T10:00:00+00:00") > follow


async def test_mock_clock_keeps_running_while_the_terminal_is_too_small(make_app, context, clock):
    app = make_app(count=1, minutes=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InterviewScreen)
        clock.advance(10)
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: isinstance(app.screen, TooSmallScreen), "the too-small notice")
        assert "keeps running" in text_of(app.screen, "#too-small-text")
        clock.advance(50)
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: app.screen is screen, "the interview back after the resize")
        assert screen.countdown.used == 60  # the minute while too small was counted
        screen.countdown.refresh_time()  # what its interval does
        assert "1:00 left" in str(screen.countdown.render())


async def test_a_long_paste_without_bracketed_paste_arrives_whole(make_app, context):
    pasted = ("We canary first and roll back on errors. " * 500)[:20_000]
    app = make_app(question_id="fleet-rollout")
    async with app.run_test() as pilot:
        await settle(pilot)
        screen = app.screen
        area = screen.editor.area
        for character in pasted:  # one key event per character, as a terminal without bracketed paste sends
            area.post_message(events.Key(character, character))
        # the word count of a long text is refreshed after a short delay
        expected_count = f"{len(pasted.split())} words"
        await wait_until(pilot, lambda: text_of(screen, "#word-count") == expected_count, "the word count")
        assert screen.editor.text == pasted


async def test_an_answer_is_capped_at_the_limit_with_a_message_and_the_text_kept(make_app, context):
    app = make_app(question_id="fleet-rollout")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.editor.area.insert("canary " * (MAX_ANSWER_CHARS // 7 + 10))
        await settle(pilot)
        assert len(screen.editor.text) == MAX_ANSWER_CHARS
        assert screen.editor.text.startswith("canary canary")
        assert any("at most 200,000 characters" in n.message for n in app._notifications)


async def test_practice_picker_shows_whole_titles_no_concepts_and_enter_starts(make_app, bank):
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, BrowseScreen) and picker.pick
        options = picker.query_one("#question-list")
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("Roll out an update to a large server fleet" in p for p in prompts)
        details = text_of(picker, "#details")
        rubric = bank.rubric_for("fleet-rollout")
        assert not any(concept.label in details for concept in rubric.concepts)
        assert "enter starts" in details
        await pilot.press("slash")
        await pilot.press(*"deadline")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen) and app.screen.question.id == "missed-deadline"


async def test_hints_come_most_important_first_and_fit_at_80x24(make_app, bank):
    rubric = bank.rubric_for("fleet-rollout")
    required_first = sorted((c for c in rubric.concepts if c.hint), key=lambda c: (not c.required, -c.weight))
    app = make_app(question_id="fleet-rollout")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        seen = []
        for _ in required_first:
            await pilot.press("ctrl+t")
            hint = screen.query_one("#hints")
            seen.append(text_of(screen, "#hints"))
            assert hint.region.height >= 1 and hint.region.bottom <= screen.query_one("#question-box").region.bottom
        assert [c.hint in text for c, text in zip(required_first, seen, strict=True)] == [True] * len(seen)
        assert seen[0].startswith(f"Hint 1/{len(required_first)}")


async def test_mock_setup_opens_with_focus_on_start(make_app):
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MockSetupScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "start"


async def test_a_timed_out_answer_is_marked(make_app, context, clock):
    app = make_app(question_id="no-rubric", minutes=0.25)
    async with app.run_test() as pilot:
        await settle(pilot)
        app.screen.editor.area.insert("A whiteboard.")
        clock.advance(16)
        app.screen.countdown.refresh_time()
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "time used 0:16 of 0:15 (time is up)" in text_of(app.screen, "#score-line")


async def test_quitting_while_the_database_is_locked_offers_a_recovery_file(make_app, context, tmp_path):
    app = make_app(question_id="missed-deadline")
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        app.screen.editor.area.insert("We slipped two weeks and I told the VP early.")
        with database_locked(context.db_path):
            await pilot.press("ctrl+q")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, UnsavedAnswerDialog)
            assert "locked" in text_of(dialog, "#unsaved-text")
            await pilot.press("w")
            await settle(pilot)
    # this test's own data folder (isolated_environment): other tests' recovered answers are elsewhere
    recovered = list(recovery_folder().glob("missed-deadline-*.txt"))
    assert context.store.drafts() == []
    assert recovered and recovered[0].read_text() == "We slipped two weeks and I told the VP early."


async def test_a_dumb_terminal_gets_no_colour_and_no_box_drawing(make_app, monkeypatch):
    import html
    import re

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert app.no_color and app.has_class("-plain")
        svg = app.export_screenshot()
        shown = "".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)).replace("\xa0", " ")
        assert "Mock interview" in shown
        assert not [c for c in shown if 0x2500 <= ord(c) <= 0x259F or ord(c) > 0x2600]


def drawn_text(app) -> str:
    """Every character of the app's current screenshot (what the terminal shows)."""
    import html
    import re

    svg = app.export_screenshot()
    return "".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)).replace("\xa0", " ")


async def test_a_dumb_terminal_gets_ascii_toggles_in_the_mock_set_up(make_app, context, monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    context.store.set_setting("app.mock_setup", {"overtime": True, "categories": ["rollouts"]})
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        setup = app.screen
        assert isinstance(setup, MockSetupScreen)
        shown = drawn_text(app)
        assert "Overtime" in shown and "rollouts (1)" in shown
        assert not [c for c in shown if 0x2500 <= ord(c) <= 0x259F], "half blocks or box drawing under TERM=dumb"
        # on and off are told apart by the text itself, not by colour
        compact = shown.replace(" ", "")
        assert "[x]rollouts(1)" in compact and "[]delivery(2)" in compact
        assert shown.count("[x]") == 2  # the ticked category and overtime
        setup.query_one("#overtime").focus()
        await pilot.press("space")
        await settle(pilot)
        assert drawn_text(app).count("[x]") == 1
        assert setup.current().overtime is False and setup.current().categories == ["rollouts"]


async def test_closed_screens_leave_no_widgets_behind(make_app, context):
    import gc
    import weakref

    app = make_app(offer_resume=False)
    editors = []
    histories, widget_counts = [], []
    async with app.run_test() as pilot:
        await settle(pilot)
        for _ in range(6):
            app.start_practice("no-rubric")
            await settle(pilot)
            editors.append(weakref.ref(app.screen.editor.area))
            app.screen.editor.area.insert("A whiteboard.")
            await pilot.press("ctrl+s")
            await settle(pilot)
            app.go_home()
            await settle(pilot)
            await pilot.press("h")  # a named screen: built once, reused, its table read again
            await settle(pilot)
            histories.append(app.screen)
            widget_counts.append(len(list(app.screen.walk_children())))
            await pilot.press("escape")
            await settle(pilot)
        assert all(screen is histories[0] for screen in histories) and len(set(widget_counts)) == 1
        await wait_until(
            pilot, lambda: all(ref() is None or ref()._closed for ref in editors), "every closed editor closing"
        )
        assert isinstance(app.screen, HomeScreen)

        def released() -> bool:
            app.release_closed_widgets()  # what its interval does
            gc.collect()
            # before the fix every closed editor stayed alive (6 here); the last one may still be held by
            # a removal or timer task that has not finished when the machine is busy
            return sum(ref() is not None for ref in editors) <= 1

        await wait_until(pilot, released, "closed editors released")


async def test_hostile_rubric_and_answer_text_reach_no_terminal_in_the_tui(tmp_path, clock):
    import random
    import shutil

    from trainer_helpers import FIXED_NOW, FIXTURES

    from tpm_trainer.app.app import TrainerApp
    from tpm_trainer.bank import load_bank
    from tpm_trainer.context import TrainerContext
    from tpm_trainer.store import Store

    rubrics = tmp_path / "rubrics"
    shutil.copytree(FIXTURES / "rubrics", rubrics)
    path = rubrics / "fleet-rollout.yaml"
    path.write_text(
        path.read_text().replace(
            "hint: Start with a canary and widen in waves.",
            'hint: "Start with a canary\\e]0;pwned\\a\\e]52;c;ZXZpbA==\\a\\e[2J and widen in waves."',
        )
    )
    bank = load_bank([FIXTURES / "questions"], [rubrics])
    assert not bank.errors
    store = Store.open(tmp_path / "t.db")
    context = TrainerContext(bank=bank, store=store, db_path=tmp_path / "t.db")
    app = TrainerApp(context, question_id="fleet-rollout", clock=clock, now=lambda: FIXED_NOW, rng=random.Random(7))

    def drawn(screen) -> str:
        return "".join(str(widget.render()) for widget in screen.query("Static"))

    try:
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("ctrl+t")
            hints = drawn(app.screen)
            assert "Start with a canary and widen in waves." in hints
            app.screen.editor.area.insert("Canary first\x1b]0;owned\x07 then waves\x1b[2J, roll back on errors.")
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("ctrl+n")
            await settle(pilot)
            assert isinstance(app.screen, ResultsScreen)
            results = drawn(app.screen)
            assert "Canary first then waves" in results
            for text in (hints, results):
                assert "\x1b" not in text and "\x07" not in text
    finally:
        context.close()
