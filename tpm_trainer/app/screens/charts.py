"""Progress charts: score over time (overall and per category) and time used against the limit.

One chart at a time so each stays readable at 80×24; ← → (or [ ]) move between them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from ...practice import score_points
from ...practice.progress import categories, score_by_day, time_share_by_day
from ...practice.queries import ScorePoint
from ..widgets.charts import DayChart
from .base import TrainerScreen

if TYPE_CHECKING:
    from ...store import Store

OVERALL = "overall"
TIME = "time"


class ChartsScreen(TrainerScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("right,right_square_bracket", "step(1)", "Next chart", key_display="→"),
        Binding("left,left_square_bracket", "step(-1)", "Previous", key_display="←"),
    ]
    DEFAULT_CSS = "#chart-caption { height: 1; padding: 0 1; }"

    def __init__(self) -> None:
        super().__init__()
        self.points: list[ScorePoint] = []
        self.views: list[str] = [OVERALL, TIME]
        self.index = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading…", id="chart-caption")
        yield DayChart(id="chart")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Progress charts"

        def read(store: Store) -> list[ScorePoint]:
            return score_points(store)

        self.trainer.db_call(read, self._loaded, what="read your progress")

    def _loaded(self, points: list[ScorePoint]) -> None:
        self.points = points
        self.views = [OVERALL, *categories(points), TIME]
        if self.is_mounted:
            self._draw()

    def _draw(self) -> None:
        view = self.views[self.index]
        chart = self.query_one(DayChart)
        caption = Text()
        caption.append(f"{self.index + 1}/{len(self.views)} ", style="bold")
        if view == TIME:
            series = time_share_by_day(self.points)
            caption.append("time used, % of the limit, average per day")
            chart.show(
                "Time used against the limit",
                series,
                y_label="% of limit",
                top=max([120.0, *(p.value + 10 for p in series)]),
                reference=(100.0, "limit"),
            )
        else:
            series = score_by_day(self.points, None if view == OVERALL else view)
            caption.append("score per day, " + ("all categories" if view == OVERALL else view))
            chart.show(f"Score over time: {view}", series, y_label="score")
        if not series:
            caption.append(" · no answers yet", style="dim")
        caption.append("  ← → other charts", style="dim")
        self.query_one("#chart-caption", Static).update(caption)

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.views)
        self._draw()

    def action_back(self) -> None:
        self.dismiss(None)
