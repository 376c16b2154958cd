"""The "study next" panel of the progress screen: the concept missed most, and the key to drill it."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...practice import WeakConcept


class StudyNext(Static):
    """Shows the most-missed concept (or that there is none yet)."""

    DEFAULT_CSS = "StudyNext { height: auto; border-left: thick $warning; padding: 0 1; margin: 1 0 0 0; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Study next: loading…", id=id)
        self.weak: list[WeakConcept] = []

    def show(self, weak: list[WeakConcept]) -> None:
        self.weak = weak
        text = Text()
        text.append("Study next: ", style="bold")
        if not weak:
            text.append("answer a few questions first; the concepts you miss most will show here.", style="dim")
        else:
            top = weak[0]
            text.append(top.label, style="bold yellow")
            text.append(f" - missed {top.misses}× in {top.checked} answer{'s' if top.checked != 1 else ''}")
            text.append("  press ")
            text.append(" d ", style="reverse bold")
            text.append(" to drill it")
            others = ", ".join(f"{w.label} ({w.misses}×)" for w in weak[1:4])
            if others:
                text.append(f"\nthen: {others}", style="dim")
        self.update(text)
