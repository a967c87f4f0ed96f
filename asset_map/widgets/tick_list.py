"""A selection list whose chosen items show a tick, not only a colour."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList


class TickList(SelectionList[str]):
    """A selection list that shows a tick when chosen (the stock one shows "X" either way)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER or index >= self.option_count:
            return strip
        chosen = self.get_option_at_index(index).value in self.selected
        segments[1] = Segment("✓" if chosen else " ", segments[1].style)
        return Strip(segments, strip.cell_length)
