"""Progress: average per category with its trend, most missed concepts, totals and streak."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from ...practice import concept_misses, weak_concepts
from ...practice.queries import ConceptMisses
from ...report_view import plural
from ...store import Store
from ...textsafe import for_terminal
from ..services import format_total
from ..widgets import ScoreBars, TrendChart
from ..widgets.study import StudyNext
from .base import TrainerScreen

PERIODS = ["week", "day", "month"]


def most_missed(misses: list[ConceptMisses], limit: int = 10) -> list[dict[str, Any]]:
    """Concepts missed most in main answers, per question: most misses first."""
    missed = sorted((row for row in misses if row.misses > 0), key=lambda r: (-r.misses, r.question_id, r.concept_id))
    return [
        {"question_id": r.question_id, "concept_id": r.concept_id, "label": r.label, "misses": r.misses}
        for r in missed[:limit]
    ]


class ProgressScreen(TrainerScreen[None]):
    CSS_PATH = "browse.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("t", "period", "Trend period"),
        Binding("d", "drill", "Drill weak concept"),
        Binding("c", "charts", "Charts"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period = "week"
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress"):
            yield Static("Loading…", id="totals")
            yield StudyNext(id="study-next")
            yield Static("Average score per category", classes="section-title")
            yield ScoreBars(id="category-bars")
            yield Static("", id="trend-title", classes="section-title")
            yield TrendChart(id="trend")
            yield Static("Concepts you miss most", classes="section-title")
            yield Static("", id="missed")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Progress"
        self.query_one("#progress").focus()
        self.load()

    def load(self) -> None:
        today = self.trainer.today()
        period = self.period
        bank = self.trainer.bank

        def read(store: Store) -> dict[str, Any]:
            # one source for both lists: main answers only (follow-ups are graded on a smaller rubric,
            # and the kept `concept_misses` table counts them too), so "Study next" and this list agree
            misses = concept_misses(store)
            return {
                "totals": store.totals(),
                "streak": store.streak(today),
                "categories": store.category_stats(),
                "trend": store.category_trend(period),
                "missed": most_missed(misses),
                "weak": weak_concepts(misses, bank),
            }

        self.trainer.db_call(read, self._show, what="read your progress")

    def on_screen_resume(self) -> None:
        # a named screen is reused (registry.py): read again when shown again (on_mount reads first)
        if self.loaded:
            self.load()

    def _show(self, data: dict[str, Any]) -> None:
        if not self.is_mounted:
            return
        self.loaded = True
        totals = data["totals"]
        text = Text()
        text.append(f"{totals['main_attempts']} answers", style="bold")
        text.append(f" (+{plural(totals['attempts'] - totals['main_attempts'], 'follow-up')}, in no average)")
        if totals["average"] is not None:
            text.append(" · average ")
            text.append(f"{totals['average']:.0f}", style="bold")
        text.append(f" · {format_total(totals['time_used_seconds'])} answering")
        text.append(f" · {plural(totals['days'], 'day')} practised · {plural(totals['sessions'], 'mock interview')}")
        text.append(" · streak ")
        text.append(f"{data['streak']} day{'s' if data['streak'] != 1 else ''}", style="bold")
        self.query_one("#totals", Static).update(text)
        self.query_one(StudyNext).show(data["weak"])
        self.query_one("#category-bars", ScoreBars).set_rows(
            [
                (row["category"], row["average"], f"{row['count']} answer{'s' if row['count'] != 1 else ''}")
                for row in data["categories"]
            ]
        )
        trend: dict[str, list[tuple[str, float]]] = {}
        for row in data["trend"]:
            trend.setdefault(row["category"], []).append((row["period"], row["average"]))
        self.query_one("#trend-title", Static).update(
            f"Trend per {self.period} (oldest → newest; t changes the period)"
        )
        self.query_one(TrendChart).set_trend(trend)
        missed = Text()
        if not data["missed"]:
            missed.append("Nothing missed yet.", style="dim")
        questions = self.trainer.bank.questions
        for index, row in enumerate(data["missed"], 1):
            question = questions.get(row["question_id"])
            if index > 1:
                missed.append("\n")
            missed.append(f"{row['misses']:>4}× ", style="bold red")
            missed.append(for_terminal(row["label"] or row["concept_id"]))
            missed.append(f"  ({for_terminal(question.title if question else row['question_id'])})", style="dim")
        self.query_one("#missed", Static).update(missed)

    def action_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.load()

    def action_drill(self) -> None:
        from .drill import DrillScreen

        weak = self.query_one(StudyNext).weak
        if not weak:
            self.notify("Nothing to drill yet: answer a few questions first.")
            return
        self.app.push_screen(DrillScreen(weak[0]))

    def action_charts(self) -> None:
        from .charts import ChartsScreen

        self.app.push_screen(ChartsScreen())

    def action_back(self) -> None:
        self.dismiss(None)
