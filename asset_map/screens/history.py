"""An entry's history: every change, who made it and when, old → new; restore any version."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from asset_map.directory.changes import change_lines, when
from asset_map.directory.facade import Directory
from asset_map.errors import AssetMapError
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.dialogs import ConfirmDialog
from asset_map.store.history import AssetChange


class HistoryScreen(DirectoryScreen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="history.back"),
        Binding(
            "r",
            "restore",
            "Restore",
            id="history.restore",
            tooltip="Make the entry as it was at this version",
        ),
    ]

    def __init__(self, directory: Directory, asset_id: uuid.UUID) -> None:
        super().__init__(directory)
        self.asset_id = asset_id
        self.changes: list[AssetChange] = []
        self.version = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="history-body"):
            yield DataTable(id="changes", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="change-detail"):
                yield Static(id="change-lines")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Version", "When", "Who", "What")
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        try:
            asset = self.directory.get(self.asset_id)
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            return
        self.version = asset.version
        self.sub_title = f"History of {asset.name}"
        self.changes = self.directory.history(self.asset_id)
        table = self.query_one(DataTable)
        table.clear()
        for change in self.changes:
            table.add_row(
                str(change.version), when(change.at), Text(change.by), Text(change.action), key=str(change.id)
            )
        self.show_detail()

    def chosen(self) -> AssetChange | None:
        row = self.query_one(DataTable).cursor_row
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def show_detail(self) -> None:
        change = self.chosen()
        lines = change_lines(change) if change else []
        if change is not None and not lines:
            lines = ["(no field changed: created, or restored to the same values)"]
        self.query_one("#change-lines", Static).update(Text("\n".join(lines)))

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def action_restore(self) -> None:
        change = self.chosen()
        if change is None:
            return
        if change.version >= self.version:
            self.say("This is the current version.")
            return
        expected = self.version

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.directory.restore_version(
                    self.asset_id, change.version, user=self.user, expected_version=expected
                )
            except AssetMapError as exc:
                self.say(str(exc), error=True)
            else:
                self.say(f"Version {change.version} restored; the restore is in the history too.")
            self.reload()

        question = f"Make the entry as it was at version {change.version} ({when(change.at)})?"
        dialog = ConfirmDialog(question, yes="Restore", no="Keep")
        self.as_named(lambda: self.app.push_screen(dialog, answered))
