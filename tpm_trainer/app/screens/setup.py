"""Mock interview set-up: categories, number of questions, difficulty, minutes, overtime."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, SelectionList, Static, Switch

from ...bank import Bank
from ...session import MockConfig
from ..widgets.toggles import AsciiCheckbox, AsciiSelectionList

MINUTE_CHOICES = [
    ("each question's own limit", 0.0),
    ("1 minute", 1.0),
    ("2 minutes", 2.0),
    ("3 minutes", 3.0),
    ("5 minutes", 5.0),
    ("8 minutes", 8.0),
    ("10 minutes", 10.0),
    ("15 minutes", 15.0),
]
AVOID_CHOICES = [
    ("repeat any question", 0),
    ("skip those answered in 3 days", 3),
    ("skip those answered in 7 days", 7),
    ("skip those answered in 14 days", 14),
    ("skip those answered in 30 days", 30),
]
"""How many days back a mock leaves out questions already answered (MockConfig.avoid_recent_days)."""
DIFFICULTIES = [("any difficulty", "any"), ("easy", "easy"), ("medium", "medium"), ("hard", "hard")]


class MockSetupScreen(ModalScreen[MockConfig | None]):
    """Returns the chosen MockConfig, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"

    AUTO_FOCUS = "#start"
    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("escape", "cancel", "Cancel"),
        Binding("a", "all_categories", "All categories"),
    ]

    def __init__(self, config: MockConfig, bank: Bank) -> None:
        super().__init__()
        self.config = config
        self.bank = bank

    @property
    def plain(self) -> bool:
        """TERM=dumb (see `TrainerApp.plain_terminal`)."""
        return bool(getattr(self.app, "plain_terminal", False))

    def compose(self) -> ComposeResult:
        config = self.config
        categories = self.bank.categories()
        chosen = set(config.categories) & set(categories)
        counts = {c: len(self.bank.sorted_questions(c)) for c in categories}
        minutes = config.minutes or 0.0
        minute_choices = list(MINUTE_CHOICES)
        if minutes not in [value for _, value in minute_choices]:
            minute_choices.append((f"{minutes:g} minutes", minutes))
        with Vertical(classes="dialog", id="setup-dialog"):
            yield Static("Mock interview set-up", classes="dialog-title")
            yield Label("Categories (none ticked = mixed, all categories)")
            choices = [(f"{c} ({counts[c]})", c, c in chosen) for c in categories]
            # a dumb terminal has no half blocks and no colour to show on/off: ASCII [x] / [ ] instead
            selection_list = AsciiSelectionList if self.plain else SelectionList[str]
            yield selection_list(*choices, id="categories")
            with Horizontal(classes="setup-row"):
                yield Label("Questions", classes="setup-label")
                yield Select(
                    [(str(n), n) for n in range(1, 11)],
                    value=min(max(config.count, 1), 10),
                    allow_blank=False,
                    compact=True,
                    id="count",
                )
            with Horizontal(classes="setup-row"):
                yield Label("Difficulty", classes="setup-label")
                yield Select(
                    DIFFICULTIES,
                    value=config.difficulty if config.difficulty in ("any", "easy", "medium", "hard") else "any",
                    allow_blank=False,
                    compact=True,
                    id="difficulty",
                )
            with Horizontal(classes="setup-row"):
                yield Label("Time", classes="setup-label")
                yield Select(minute_choices, value=minutes, allow_blank=False, compact=True, id="minutes")
            avoid_choices = list(AVOID_CHOICES)
            if config.avoid_recent_days not in [days for _, days in avoid_choices]:
                avoid_choices.append(
                    (f"skip those answered in {config.avoid_recent_days} days", config.avoid_recent_days)
                )
            with Horizontal(classes="setup-row"):
                yield Label("Recent", classes="setup-label")
                yield Select(avoid_choices, value=config.avoid_recent_days, allow_blank=False, compact=True, id="avoid")
            with Horizontal(classes="setup-row"):
                yield Label("Overtime", classes="setup-label")
                if self.plain:
                    yield AsciiCheckbox(value=config.overtime, id="overtime", compact=True)
                else:
                    yield Switch(value=config.overtime, id="overtime")
                yield Label(" keep answering after the clock hits zero", classes="setup-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start (ctrl+s)", id="start", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start", Button).focus()

    def current(self) -> MockConfig:
        minutes = self.query_one("#minutes", Select).value
        return MockConfig(
            categories=list(self.query_one("#categories", SelectionList).selected),
            count=int(self.query_one("#count", Select).value),  # type: ignore[arg-type]
            difficulty=str(self.query_one("#difficulty", Select).value),
            minutes=float(minutes) or None if isinstance(minutes, (int, float)) else None,
            overtime=self._overtime(),
            avoid_recent_days=int(self.query_one("#avoid", Select).value),  # type: ignore[arg-type]
        )

    def _overtime(self) -> bool:
        toggle = self.query_one("#overtime")
        assert isinstance(toggle, Switch | AsciiCheckbox)
        return toggle.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        self.dismiss(self.current())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_all_categories(self) -> None:
        self.query_one("#categories", SelectionList).deselect_all()
