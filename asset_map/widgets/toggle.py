"""A checkbox that says its state with a tick, not with colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Toggle(Checkbox):
    """Shows "✓" when on and a blank when off (the stock checkbox shows "X" in both states)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
