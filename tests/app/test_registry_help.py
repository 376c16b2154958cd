"""Screens are registered once and help comes from the bindings: a key in help always does something."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from trainer_helpers import settle, wait_until

import tpm_trainer.app.screens as screens_package
from tpm_trainer.app.app import TrainerApp
from tpm_trainer.app.registry import DESTINATIONS, named_screens
from tpm_trainer.app.screens.base import TrainerScreen
from tpm_trainer.app.screens.help import HelpScreen, help_entries, help_sections
from tpm_trainer.app.screens.history import HistoryScreen
from tpm_trainer.app.screens.home import HomeScreen
from tpm_trainer.app.screens.interview import InterviewScreen
from tpm_trainer.app.screens.progress import ProgressScreen
from tpm_trainer.app.screens.results import ResultsScreen


def _action_exists(owner: type, action: str) -> bool:
    name, _, argument = action.partition("(")
    if name == "open" and argument:  # open('<destination>') names a registered one
        destination = argument.strip("')\"")
        if destination and destination not in {d.name for d in DESTINATIONS}:
            return False
    if name.startswith("app."):
        return callable(getattr(TrainerApp, "action_" + name[4:], None))
    if name.startswith("screen."):
        name = name[7:]
    return callable(getattr(owner, "action_" + name, None))


def test_every_key_in_help_runs_an_action_that_exists():
    checked = 0
    for title, owner in help_sections():
        for keys, meaning, binding in help_entries(owner):
            assert meaning, f"{title}: {keys} has no description"
            assert _action_exists(owner, binding.action), (
                f"{title}: `{keys}` names `{binding.action}`, which does nothing"
            )
            checked += 1
    assert checked > 20


def test_a_key_that_does_nothing_is_caught():
    from textual.binding import Binding
    from textual.screen import Screen

    class Drifted(Screen):
        BINDINGS = [Binding("n", "next", "Next")]

    ((_, _, binding),) = help_entries(Drifted)
    assert not _action_exists(Drifted, binding.action)


def test_home_menu_keys_and_palette_come_from_the_registry(make_app):
    home_keys = {binding.key for binding in HomeScreen.BINDINGS}
    assert {d.key for d in DESTINATIONS if d.key != "?"} <= home_keys
    app = make_app(offer_resume=False)
    titles = [command.title for command in app.get_system_commands(HomeScreen())]
    assert all(d.title in titles for d in DESTINATIONS)


async def test_help_lists_the_all_categories_key_of_the_setup(make_app):
    app = make_app(offer_resume=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "All categories" in text and "  a " in text
        assert "Try again" in text


async def test_r_without_drafts_says_so(make_app):
    app = make_app(offer_resume=False)
    async with app.run_test(notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert any("No unfinished answers" in n.message for n in app._notifications)


def test_open_with_an_unregistered_destination_is_caught():
    from textual.binding import Binding
    from textual.screen import Screen

    class Drifted(Screen):
        BINDINGS = [Binding("n", "open('notes')", "Notes")]

        def action_open(self, name: str) -> None:
            """Opens a destination (as the home screen's does)."""

    ((_, _, binding),) = help_entries(Drifted)
    assert not _action_exists(Drifted, binding.action)


def test_every_full_screen_is_in_help():
    """A new screen (of `TrainerScreen`) left out of the registry would have keys no help names."""
    listed = {owner for _, owner in help_sections()}
    found = set()
    for module_info in pkgutil.iter_modules(screens_package.__path__):
        module = importlib.import_module(f"{screens_package.__name__}.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, TrainerScreen) and value is not TrainerScreen and value.__module__ == module.__name__:
                found.add(value)
    assert len(found) >= 8
    assert found <= listed, f"not in help: {sorted(c.__name__ for c in found - listed)}"


def test_named_screens_are_the_registered_destinations():
    assert TrainerApp.SCREENS.keys() == named_screens().keys()
    assert {d.name for d in DESTINATIONS if d.screen} == set(TrainerApp.SCREENS)
    for destination in DESTINATIONS:
        if destination.screen is not None:
            assert type(destination.build()) is destination.screen.load()


async def test_a_reused_screen_shows_new_attempts_when_shown_again(make_app):
    """History and progress are built once and reused: shown again, they read the database again."""

    async def answer(pilot, text: str) -> None:
        app = pilot.app
        app.start_practice("no-rubric")
        await settle(pilot)
        assert isinstance(app.screen, InterviewScreen)
        app.screen.editor.area.insert(text)
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.go_home()
        await settle(pilot)

    async def open_from_home(pilot, key: str):
        await pilot.press(key)
        await settle(pilot)
        return pilot.app.screen

    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await answer(pilot, "A whiteboard first.")
        history = await open_from_home(pilot, "h")
        assert isinstance(history, HistoryScreen)
        await wait_until(pilot, lambda: history.query_one("#history-table").row_count == 1, "the first attempt listed")
        progress_first = None
        await pilot.press("escape")
        await settle(pilot)
        progress_first = await open_from_home(pilot, "g")
        assert isinstance(progress_first, ProgressScreen)
        await wait_until(pilot, lambda: "1 answer" in str(progress_first.query_one("#totals").render()), "1 answer")
        app.go_home()
        await settle(pilot)
        await answer(pilot, "A whiteboard, then a plan.")
        again = await open_from_home(pilot, "h")
        assert again is history  # the same screen, not a new one
        table = again.query_one("#history-table")
        await wait_until(pilot, lambda: table.row_count == 2, "the new attempt listed")
        answers = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert sorted(answers) == ["1", "2"]
        await pilot.press("escape")
        await settle(pilot)
        progress = await open_from_home(pilot, "g")
        assert progress is progress_first
        await wait_until(pilot, lambda: "2 answers" in str(progress.query_one("#totals").render()), "2 answers")


async def test_showing_an_open_named_screen_goes_back_to_it(make_app, context, bank):
    from trainer_helpers import WEAK_ROLLOUT, add_attempt

    add_attempt(context.store, bank, "fleet-rollout", WEAK_ROLLOUT, "2025-03-10T10:00:00+00:00")
    app = make_app(offer_resume=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        history = app.screen
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResultsScreen)
        app.open_screen("history")  # what the command palette's "History" does
        await settle(pilot)
        assert app.screen is history and app.screen_stack.count(history) == 1
