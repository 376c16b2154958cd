"""Screens are registered once and help comes from the bindings: a key in help always does something."""

from __future__ import annotations

from trainer_helpers import settle

from tpm_trainer.app.app import TrainerApp
from tpm_trainer.app.registry import DESTINATIONS
from tpm_trainer.app.screens.help import HelpScreen, help_entries, help_sections
from tpm_trainer.app.screens.home import HomeScreen


def _action_exists(owner: type, action: str) -> bool:
    name = action.split("(", 1)[0]
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
