"""History: a paged table of attempts with filters, sorting, open, compare and delete.

Only one page (200 rows of list columns) is read at a time, so 100,000 attempts open at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from ...practice import QuestionRecord, question_records
from ...render import shorten
from ...report_view import time_note
from ...store import Store
from ...textsafe import for_terminal
from ..services import format_duration, format_score, short_date
from ..widgets.chart import score_style
from .base import TrainerScreen

PAGE_SIZE = 200
SORTS = ["date", "score", "question", "category", "time"]
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def is_date_bound(value: str) -> bool:
    """A year, year-month or full date that exists on the calendar (2025-13-45 matches the pattern only)."""
    if not DATE_PATTERN.match(value):
        return False
    layout = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}[len(value)]
    try:
        datetime.strptime(value, layout)
    except ValueError:
        return False
    return True


@dataclass
class HistoryQuery:
    text: str = ""
    category: str | None = None
    since: str | None = None
    until: str | None = None
    order: str = "date"
    descending: bool = True
    page: int = 0
    question_ids: list[str] = field(default_factory=list)


QUESTION_WIDTH = 21


class HistoryScreen(TrainerScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open", "Open", show=False),
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("space", "mark", "Mark"),
        Binding("c", "compare", "Compare"),
        Binding("d,delete", "delete", "Delete"),
        Binding("s", "sort", "Sort"),
        Binding("S", "reverse", "Reverse", show=False),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]"),
        Binding("left_square_bracket", "page(-1)", "Prev page", key_display="[", show=False),
    ]

    class PageLoaded(Message):
        def __init__(self, generation: int, rows: list[dict[str, Any]], total: int) -> None:
            super().__init__()
            self.generation = generation
            self.rows = rows
            self.total = total

    def __init__(self) -> None:
        super().__init__()
        self.query_state = HistoryQuery()
        self.total = 0
        self.generation = 0
        self.marked: list[int] = []
        self.row_questions: dict[str, str] = {}  # row key -> question id, for the record in the status line
        self.records: dict[str, QuestionRecord] = {}
        self.loaded = False
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        categories = self.trainer.bank.categories()
        yield Header()
        with Horizontal(id="history-filters"):
            yield Input(placeholder="text (/)", id="filter-text")
            yield Select([(c, c) for c in categories], prompt="any category", compact=True, id="filter-category")
            yield Input(placeholder="from YYYY-MM-DD", id="filter-since")
            yield Input(placeholder="to YYYY-MM-DD", id="filter-until")
        yield Static("Loading…", id="history-status")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "History"
        table = self.query_one(DataTable)
        table.add_column(" ", key="mark", width=1)
        table.add_column("#", key="id", width=4)
        table.add_column("Date (UTC)", key="date", width=16)
        table.add_column("Question", key="question", width=QUESTION_WIDTH)
        table.add_column("Category", key="category", width=14)
        table.add_column("Score", key="score", width=5)
        table.add_column("Time", key="time", width=5)
        table.focus()
        self.reload()

    # -- loading --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the current page in a worker; stale answers are dropped by generation."""
        self.generation += 1
        generation = self.generation
        query = self.query_state
        offset = query.page * PAGE_SIZE

        def read(store: Store) -> tuple[list[dict[str, Any]], int]:
            return store.attempt_summaries(
                limit=PAGE_SIZE,
                offset=offset,
                text=query.text or None,
                category=query.category,
                since=query.since,
                until=query.until,
                question_ids=query.question_ids or None,
                order=query.order,
                descending=query.descending,
            )

        def done(result: tuple[list[dict[str, Any]], int]) -> None:
            rows, total = result
            self.post_message(self.PageLoaded(generation, rows, total))

        self.trainer.db_call(read, done, what="read the history")

    def on_history_screen_page_loaded(self, message: PageLoaded) -> None:
        if message.generation != self.generation:
            return
        self.total = message.total
        pages = max(1, -(-message.total // PAGE_SIZE))
        if self.query_state.page >= pages:
            self.query_state.page = pages - 1
            if message.total:
                self.reload()
                return
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        questions = self.trainer.bank.questions
        for row in message.rows:
            question = questions.get(row["question_id"])
            title = for_terminal(question.title if question else row["question_id"])
            if row["parent_attempt_id"] is not None:
                title = f"↳ follow-up to {row['parent_attempt_id']}: {title}"
            score = row["score"]
            over = time_note(row["time_used_seconds"], row["time_limit_seconds"])
            table.add_row(
                "●" if row["id"] in self.marked else " ",
                str(row["id"]),
                short_date(row["ended_at"]),
                shorten(title, QUESTION_WIDTH),
                for_terminal(row["category"] or ""),
                Text(format_score(score), style=score_style(score), justify="right"),
                Text(format_duration(row["time_used_seconds"]), style="yellow" if over else ""),
                key=str(row["id"]),
            )
        if message.rows:
            table.move_cursor(row=min(cursor, len(message.rows) - 1), animate=False)
        self.loaded = True
        self.row_questions = {str(row["id"]): row["question_id"] for row in message.rows}
        question_ids = sorted(set(self.row_questions.values()))
        self.trainer.db_call(lambda store: question_records(store, question_ids), self._got_records, what="history")
        self._update_status()

    def _got_records(self, records: dict[str, QuestionRecord]) -> None:
        self.records = records
        if self.is_mounted:
            self._update_status()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._update_status()

    def _highlighted_record(self) -> QuestionRecord | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return self.records.get(self.row_questions.get(str(row_key.value), ""))

    def _update_status(self) -> None:
        query = self.query_state
        pages = max(1, -(-self.total // PAGE_SIZE))
        text = Text()
        if self.total == 0:
            text.append(
                "No attempts" + (" match these filters." if self._filtered() else " yet: answer a question first.")
            )
        else:
            text.append(f"{self.total:,} attempt{'s' if self.total != 1 else ''}", style="bold")
            text.append(f" · page {query.page + 1} of {pages}")
        text.append(f" · sort {query.order} {'↓' if query.descending else '↑'}")
        if self.marked:
            text.append(" · marked " + ", ".join(f"#{i}" for i in self.marked), style="yellow")
        record = self._highlighted_record()
        if record is not None:  # best, latest and trend of the highlighted row's question
            text.append(f" · this question: {record.summary()}", style="cyan")
        self.query_one("#history-status", Static).update(text)

    def _filtered(self) -> bool:
        query = self.query_state
        return bool(query.text or query.category or query.since or query.until)

    # -- filters --------------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(0.35, self.apply_filters)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.apply_filters()
        self.query_one(DataTable).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.apply_filters()

    def apply_filters(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        text = self.query_one("#filter-text", Input).value.strip()
        category = self.query_one("#filter-category", Select).value
        since = self.query_one("#filter-since", Input).value.strip()
        until = self.query_one("#filter-until", Input).value.strip()
        for value, name in ((since, "from"), (until, "to")):
            if value and not is_date_bound(value):
                self.notify(f"The `{name}` date must look like 2025-01-31 (or 2025-01, 2025).", severity="warning")
                return
        query = self.query_state
        query.text = text
        query.category = category if isinstance(category, str) else None
        query.since = since or None
        query.until = until or None
        lowered = text.lower()
        query.question_ids = (
            [q.id for q in self.trainer.bank.questions.values() if lowered in q.title.lower()] if text else []
        )
        query.page = 0
        self.reload()

    def action_focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    # -- table actions --------------------------------------------------------------------------

    def _current_id(self) -> int | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value or 0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = str(event.column_key.value)
        if key in SORTS:
            if self.query_state.order == key:
                self.query_state.descending = not self.query_state.descending
            else:
                self.query_state.order = key
            self.reload()

    def action_open(self) -> None:
        from .results import ResultsScreen

        attempt_id = self._current_id()
        if attempt_id is not None:
            self.app.push_screen(ResultsScreen(attempt_id, read_only=True))

    def action_mark(self) -> None:
        attempt_id = self._current_id()
        if attempt_id is None:
            return
        if attempt_id in self.marked:
            self.marked.remove(attempt_id)
        else:
            self.marked.append(attempt_id)
            self.marked = self.marked[-2:]
        table = self.query_one(DataTable)
        for row_key in table.rows:
            value = "●" if int(row_key.value or 0) in self.marked else " "
            if table.get_cell(row_key, "mark") != value:
                table.update_cell(row_key, "mark", value)
        self._update_status()

    def action_compare(self) -> None:
        from .compare import CompareScreen

        ids = list(self.marked)
        current = self._current_id()
        if len(ids) == 1 and current is not None and current not in ids:
            ids.append(current)
        if len(ids) != 2:
            self.notify("Mark two attempts with space, then press c to compare them.", severity="warning")
            return
        self.app.push_screen(CompareScreen(ids[0], ids[1]))

    def action_delete(self) -> None:
        from .dialogs import ConfirmDialog

        attempt_id = self._current_id()
        if attempt_id is None:
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def deleted(found: bool) -> None:
                if attempt_id in self.marked:
                    self.marked.remove(attempt_id)
                self.notify(f"Attempt #{attempt_id} deleted." if found else f"Attempt #{attempt_id} was already gone.")
                self.reload()

            self.trainer.db_call(lambda s: s.delete_attempt(attempt_id), deleted, what="delete the attempt")

        def ask(follow_ups: int) -> None:
            # deleting a main answer deletes its follow-ups too: say so before, not after
            also = f" and its {follow_ups} follow-up{'s' if follow_ups != 1 else ''}" if follow_ups else ""
            question = f"Delete attempt #{attempt_id}{also}? This cannot be undone."
            self.app.push_screen(ConfirmDialog(question, yes="Delete", danger=True), confirmed)

        self.trainer.db_call(
            lambda s: len(s.follow_up_attempts(attempt_id)), ask, what="count the attempt's follow-ups"
        )

    def action_sort(self) -> None:
        query = self.query_state
        query.order = SORTS[(SORTS.index(query.order) + 1) % len(SORTS)] if query.order in SORTS else "date"
        query.descending = query.order in ("date", "score", "time")
        query.page = 0
        self.reload()

    def action_reverse(self) -> None:
        self.query_state.descending = not self.query_state.descending
        self.query_state.page = 0
        self.reload()

    def action_page(self, delta: int) -> None:
        pages = max(1, -(-self.total // PAGE_SIZE))
        page = min(max(self.query_state.page + delta, 0), pages - 1)
        if page != self.query_state.page:
            self.query_state.page = page
            self.reload()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()
