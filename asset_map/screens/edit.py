"""Placeholder: the add/edit form (being built)."""

from __future__ import annotations

import uuid

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from asset_map.directory import Directory
from asset_map.screens.base import DirectoryScreen


class EditScreen(DirectoryScreen[bool]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Back")]

    def __init__(self, directory: Directory, asset_id: uuid.UUID | None) -> None:
        super().__init__(directory)
        self.asset_id = asset_id

    def compose(self) -> ComposeResult:
        yield Static("The form is being built.")
        yield Footer()
