"""Placeholder: the add/edit form (being built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from asset_map.directory import Directory
from asset_map.screens.base import DirectoryScreen


class ReviewScreen(DirectoryScreen[None]):
    BINDINGS = [Binding("escape", "dismiss(False)", "Back")]

    def __init__(self, directory: Directory) -> None:
        super().__init__(directory)

    def compose(self) -> ComposeResult:
        yield Static("The form is being built.")
        yield Footer()
