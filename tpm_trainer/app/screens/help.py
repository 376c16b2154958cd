"""The help screen: every key of every screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

HELP = [
    (
        "Everywhere",
        [
            ("?", "this help"),
            ("ctrl+p", "command palette (every action)"),
            ("ctrl+q", "quit (drafts are saved)"),
            ("esc", "back"),
        ],
    ),
    (
        "Home",
        [
            ("m", "mock interview"),
            ("p", "practise one question"),
            ("r", "resume an unfinished answer"),
            ("h", "history"),
            ("g", "progress"),
            ("b", "browse questions and rubrics"),
        ],
    ),
    (
        "Interview",
        [
            ("ctrl+s", "submit the answer"),
            ("ctrl+n", "skip the question (typed text kept as a draft)"),
            ("ctrl+t", "next hint (practice only)"),
            ("esc", "save the draft and leave"),
        ],
    ),
    ("Results", [("t", "try the question again"), ("n", "next / back to the summary"), ("esc", "home")]),
    (
        "History",
        [
            ("/", "filter by text"),
            ("enter", "open the attempt"),
            ("space", "mark for compare"),
            ("c", "compare two marked attempts"),
            ("d", "delete (asks first)"),
            ("s / S", "sort column / reverse"),
            ("] / [", "next / previous page"),
        ],
    ),
    ("Progress", [("t", "trend period: week, day, month"), ("esc", "back")]),
    ("Browse", [("enter / p", "practise the question"), ("tab", "switch between list and details")]),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("tpm-trainer keys\n", style="bold")
        text.append("Practise TPM interviews: answer under the clock, read what you covered and missed.\n", style="dim")
        for section, keys in HELP:
            text.append(f"\n{section}\n", style="bold cyan")
            for key, meaning in keys:
                text.append(f"  {key:<10}", style="bold")
                text.append(f"{meaning}\n")
        with Vertical(classes="dialog", id="help-dialog"):
            with VerticalScroll():
                yield Static(text)
            yield Static("esc or ? closes", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
