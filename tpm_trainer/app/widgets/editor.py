"""The multi-line answer editor with a word count, capped at the longest answer the trainer stores."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea

from ...scoring.text import word_count
from ...session import MAX_ANSWER_CHARS

RECOUNT_AT_ONCE_CHARS = 4_000
COUNT_DELAY_SECONDS = 0.3
"""Past RECOUNT_AT_ONCE_CHARS the word count is refreshed this long after a change, so a long
unbracketed paste (one key event per character) does not recount the whole answer per character."""


class AnswerArea(TextArea):
    """A TextArea that inserts a burst of typed characters as one edit.

    A terminal without bracketed paste sends a paste as one key event per character; TextArea re-wraps
    the line for each, so a 20,000-character paste took over a minute. Characters (and enter) are
    queued and inserted together once the events already waiting have been read.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._pending: list[str] = []

    async def _on_key(self, event: events.Key) -> None:
        if self.read_only or not (event.is_printable or event.key == "enter"):
            self.flush_pending()
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        self._pending.append("\n" if event.key == "enter" else event.character or "")
        if len(self._pending) == 1:
            self.call_later(self.flush_pending)

    def flush_pending(self) -> None:
        """Insert the queued characters at the cursor (replacing any selection)."""
        if not self._pending:
            return
        text = "".join(self._pending)
        self._pending.clear()
        if not self.read_only:
            start, end = self.selection
            self._replace_via_keyboard(text, start, end)


class AnswerEditor(Vertical):
    """A TextArea and a word-count line under it. Posts `AnswerEditor.TooLong` when text past the
    limit was cut off (the text up to the limit is kept)."""

    DEFAULT_CSS = """
    AnswerEditor { height: 1fr; }
    AnswerEditor > TextArea { height: 1fr; }
    AnswerEditor > #word-count { height: 1; color: $text-muted; padding: 0 1; }
    """

    class TooLong(Message):
        def __init__(self, length: int) -> None:
            super().__init__()
            self.length = length

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = text[:MAX_ANSWER_CHARS]
        self._count_timer: object | None = None

    def compose(self) -> ComposeResult:
        area = AnswerArea(self._initial, id="answer-area", soft_wrap=True, tab_behavior="focus")
        area.placeholder = "Type your answer here..."
        yield area
        yield Static(self._count_label(self._initial), id="word-count")

    def on_mount(self) -> None:
        area = self.area
        area.move_cursor(area.document.end)  # a resumed draft continues where it stopped

    @property
    def area(self) -> AnswerArea:
        return self.query_one("#answer-area", AnswerArea)

    @property
    def text(self) -> str:
        """The answer, including characters typed but not yet inserted."""
        self.area.flush_pending()
        return self.area.text

    def load_text(self, text: str) -> None:
        self.area.load_text(text[:MAX_ANSWER_CHARS])
        self.area.move_cursor(self.area.document.end)
        self.update_count()

    @staticmethod
    def _count_label(text: str) -> str:
        words = word_count(text)
        return f"{words} word{'s' if words != 1 else ''}"

    def update_count(self) -> None:
        self._count_timer = None
        self.query_one("#word-count", Static).update(self._count_label(self.text))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        area = self.area
        text = area.text
        if len(text) > MAX_ANSWER_CHARS:
            area.load_text(text[:MAX_ANSWER_CHARS])
            area.move_cursor(area.document.end)
            self.post_message(self.TooLong(len(text)))
        if len(text) <= RECOUNT_AT_ONCE_CHARS:
            self.update_count()
        elif self._count_timer is None:
            self._count_timer = self.set_timer(COUNT_DELAY_SECONDS, self.update_count)

    def focus(self, scroll_visible: bool = True) -> AnswerEditor:
        self.area.focus(scroll_visible)
        return self
