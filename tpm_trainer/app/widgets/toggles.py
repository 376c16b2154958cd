"""ASCII toggles for TERM=dumb: Textual's Switch and the buttons of a SelectionList are drawn with
half blocks (`▐X▌`) and tell on from off only by colour, which a dumb terminal has neither of. These
draw `[x]` and `[ ]` instead."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist


def ascii_box(on: bool) -> str:
    return "[x]" if on else "[ ]"


class AsciiCheckbox(Checkbox):
    """A checkbox drawn `[x]` / `[ ]` (stands in for a Switch; same `value`)."""

    @property
    def _button(self) -> Content:
        return Content.styled(ascii_box(self.value), self.get_visual_style("toggle--button"))

    def render(self) -> Content:
        return self._button  # no label: the row's own Label names it


class AsciiSelectionList(SelectionList[str]):
    """A selection list whose buttons are `[x]` / `[ ]` (the same width as the usual `▐X▌`)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[0].text != ToggleButton.BUTTON_LEFT:
            return strip
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        box = Segment(ascii_box(selection.value in self.selected), segments[1].style)
        return Strip([box, *segments[3:]], strip.cell_length)
