"""The help screen: every key of every screen, read from the screens' own bindings (so help cannot
name a key that does nothing, nor miss one that does something)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..registry import help_sections as registry_sections

KEY_NAMES = {
    "question_mark": "?",
    "escape": "esc",
    "slash": "/",
    "space": "space",
    "enter": "enter",
    "delete": "del",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
}


def key_label(binding: Binding) -> str:
    """How a binding's keys are written in help: its key_display, else its keys joined by ` / `."""
    if binding.key_display:
        return binding.key_display
    return " / ".join(KEY_NAMES.get(key.strip(), key.strip()) for key in binding.key.split(","))


def help_sections() -> list[tuple[str, type[Any]]]:
    """(heading, owner of the bindings) for every screen help lists: the app's keys, then the
    registry's screens (`registry.help_sections`)."""
    from ..app import TrainerApp

    return [("Everywhere", TrainerApp), *((ref.title, ref.load()) for ref in registry_sections())]


def help_entries(owner: type[Any]) -> list[tuple[str, str, Binding]]:
    """(keys, meaning, binding) for each binding of a screen or app class."""
    entries = []
    for binding in owner.BINDINGS:
        assert isinstance(binding, Binding)
        entries.append((key_label(binding), binding.tooltip or binding.description, binding))
    return entries


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("tpm-trainer keys\n", style="bold")
        text.append("Practise TPM interviews: answer under the clock, read what you covered and missed.\n", style="dim")
        for title, owner in help_sections():
            text.append(f"\n{title}\n", style="bold cyan")
            entries = help_entries(owner)
            if title == "Everywhere":
                entries.append(("ctrl+p", "command palette (every action)", Binding("ctrl+p", "command_palette")))
            for keys, meaning, _ in entries:
                text.append(f"  {keys:<10}", style="bold")
                text.append(f"{meaning}\n")
        with Vertical(classes="dialog", id="help-dialog"):
            with VerticalScroll():
                yield Static(text, id="help-text")
            yield Static("esc or ? closes", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
