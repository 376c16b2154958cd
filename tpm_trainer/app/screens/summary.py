"""End of a mock interview: every question, its score and follow-up, and the average."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from ...render import shorten
from ...textsafe import for_terminal
from ..services import format_duration, format_score
from ..widgets import ScoreBars
from .base import TrainerScreen

if TYPE_CHECKING:
    from ...session import InterviewSession
    from ...store import Attempt, Store


class SummaryScreen(TrainerScreen[None]):
    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("enter", "open", "Open result", show=True),
        Binding("r", "retake", "Retake this mock"),
        Binding("escape", "back", "Home"),
    ]

    def __init__(self, session: InterviewSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="summary"):
            yield Static("Mock interview summary", classes="screen-title")
            yield Static("", id="summary-line")
            yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
            yield ScoreBars(id="summary-bars", bar_width=20)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Summary"
        table = self.query_one(DataTable)
        table.add_columns("#", "Question", "Score", "Band", "Time", "Follow-up")
        ids = list(self.session.attempt_ids)

        def read(store: Store) -> list[tuple[Attempt, list[Attempt]]]:
            rows = []
            for attempt_id in ids:
                attempt = store.attempt(attempt_id)
                if attempt is not None:
                    rows.append((attempt, store.follow_up_attempts(attempt_id)))
            return rows

        self.trainer.db_call(read, self._show, what="load the summary")
        table.focus()

    def _show(self, rows: list[tuple[Attempt, list[Attempt]]]) -> None:
        if not self.is_mounted:
            return
        table = self.query_one(DataTable)
        bank = self.trainer.bank
        scores = []
        bars = []
        for index, (attempt, follow_ups) in enumerate(rows, 1):
            question = bank.questions.get(attempt.question_id)
            title = for_terminal(question.title if question else attempt.question_id)
            follow = follow_ups[0] if follow_ups else None
            table.add_row(
                str(index),
                shorten(title, 34),
                format_score(attempt.score),
                attempt.band or "not scored",
                format_duration(attempt.time_used_seconds),
                "-" if follow is None else format_score(follow.score),
                key=str(attempt.id),
            )
            if attempt.score is not None:
                scores.append(attempt.score)
            bars.append((shorten(title, 24), attempt.score, attempt.band or ""))
        answered = len(rows)
        skipped = len(self.session.skipped)
        total = len(self.session.questions)
        text = Text()
        text.append(f"{answered} of {total} answered", style="bold")
        if skipped:
            text.append(f" · {skipped} skipped")
        if scores:
            text.append(f" · average score {sum(scores) / len(scores):.0f}", style="bold")
        text.append("  ·  enter opens a result", style="dim")
        self.query_one("#summary-line", Static).update(text)
        self.query_one(ScoreBars).set_rows(bars)

    def action_open(self) -> None:
        from .results import ResultsScreen

        table = self.query_one(DataTable)
        if table.row_count == 0:
            return
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        self.app.push_screen(ResultsScreen(int(row_key.value or 0), read_only=True))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_retake(self) -> None:
        from ..practice_flows import start_question_set

        question_ids = [question.id for question in self.session.questions]
        self.trainer.go_home()
        start_question_set(self.trainer, question_ids, kind="retake", minutes=self.session.minutes)

    def action_back(self) -> None:
        self.trainer.go_home()
