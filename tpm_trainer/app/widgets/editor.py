"""The multi-line answer editor with a live word count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static, TextArea


def count_words(text: str) -> int:
    return len(text.split())


class AnswerEditor(Vertical):
    """A TextArea and a word-count line under it. Posts `AnswerEditor.Edited` on every change."""

    DEFAULT_CSS = """
    AnswerEditor { height: 1fr; }
    AnswerEditor > TextArea { height: 1fr; }
    AnswerEditor > #word-count { height: 1; color: $text-muted; padding: 0 1; }
    """

    class Edited(Message):
        def __init__(self, words: int) -> None:
            super().__init__()
            self.words = words

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = text

    def compose(self) -> ComposeResult:
        area = TextArea(self._initial, id="answer-area", soft_wrap=True, tab_behavior="focus")
        area.placeholder = "Type your answer here..."
        yield area
        yield Static(self._count_label(self._initial), id="word-count")

    def on_mount(self) -> None:
        area = self.area
        area.move_cursor(area.document.end)  # a resumed draft continues where it stopped

    @property
    def area(self) -> TextArea:
        return self.query_one("#answer-area", TextArea)

    @property
    def text(self) -> str:
        return self.area.text

    def load_text(self, text: str) -> None:
        self.area.load_text(text)
        self.area.move_cursor(self.area.document.end)
        self._update_count()

    @staticmethod
    def _count_label(text: str) -> str:
        words = count_words(text)
        return f"{words} word{'s' if words != 1 else ''}"

    def _update_count(self) -> None:
        self.query_one("#word-count", Static).update(self._count_label(self.text))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._update_count()
        self.post_message(self.Edited(count_words(self.text)))

    def focus(self, scroll_visible: bool = True) -> AnswerEditor:  # type: ignore[override]
        self.area.focus(scroll_visible)
        return self
