"""What a screen asks of the app: messages up (the app handles them), never calls into it.

The app owns what outlives a screen — the connection lists store and the list that `+`
adds to — so a screen says what the person wants and the app does it, then calls back down
(`AssetScreen.show_usage`, `ListsScreen.mark_current`) with anything to show.
"""

from __future__ import annotations

import uuid
from typing import Protocol

from textual.message import Message


class AddToList(Message):
    """Add this entry to the current connection list (starting one first when there is none)."""

    def __init__(self, asset_id: uuid.UUID) -> None:
        super().__init__()
        self.asset_id = asset_id


class OpenList(Message):
    """Open this connection list and make it the one that + adds to."""

    def __init__(self, list_id: uuid.UUID) -> None:
        super().__init__()
        self.list_id = list_id


class ShowsUsage(Protocol):
    """A screen that shows an entry's use on connection lists."""

    asset_id: uuid.UUID

    def show_usage(self, text: str) -> None: ...


class UsageWanted(Message):
    """How often this entry was suggested and people went (counts only), for its screen."""

    def __init__(self, screen: ShowsUsage) -> None:
        super().__init__()
        self.screen = screen
