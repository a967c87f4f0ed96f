"""Every connection list: the practitioner's own first, newest first; open, start or copy one."""

from __future__ import annotations

import uuid

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from asset_map.directory.facade import Directory
from asset_map.lists.service import ConnectionLists, ListSummary
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.list_dialogs import ListDetailsDialog
from asset_map.screens.messages import OpenList
from asset_map.store.lists import ConnectionList


class ListsScreen(DirectoryScreen[None]):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="lists.back"),
        Binding("n", "new", "New list", id="lists.new"),
        Binding(
            "d",
            "duplicate",
            "Copy",
            id="lists.copy",
            tooltip="A new list starting from this one's connections",
        ),
    ]

    def __init__(
        self, directory: Directory, lists: ConnectionLists, current: uuid.UUID | None = None
    ) -> None:
        super().__init__(directory)
        self.lists = lists
        self.current = current  # the list that + adds to: marked ▶
        self.summaries: list[ListSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="list-body"):
            yield DataTable(id="lists", cursor_type="row", zebra_stripes=True)
            yield Static(id="list-empty")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Connection lists"
        self.query_one(DataTable).add_columns("", "Resident", "Made", "Connections", "By")
        self.reload()
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.summaries = self.lists.overview(self.user)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for s in self.summaries:
            table.add_row(
                "▶" if s.list.id == self.current else "",
                Text(s.list.resident_ref),
                f"{s.list.created_at:%d %b %Y}",
                str(s.connections),
                Text(s.list.practitioner + ("" if s.mine else "  (colleague)")),
                key=str(s.list.id),
            )
        if self.summaries:
            table.move_cursor(row=max(0, min(row, len(self.summaries) - 1)))
        empty = "" if self.summaries else "No connection lists yet. Press n to start one."
        self.query_one("#list-empty", Static).update(empty)

    def chosen(self) -> ConnectionList | None:
        row = self.query_one(DataTable).cursor_row
        return self.summaries[row].list if 0 <= row < len(self.summaries) else None

    def mark_current(self, list_id: uuid.UUID | None) -> None:
        """The list that + adds to has changed (the app says so)."""
        self.current = list_id
        if self.is_mounted:
            self.reload()

    def open_list(self, list_id: uuid.UUID) -> None:
        self.post_message(OpenList(list_id))

    def on_data_table_row_selected(self, _: DataTable.RowSelected) -> None:
        item = self.chosen()
        if item is not None:
            self.open_list(item.id)

    def action_new(self) -> None:
        dialog: ListDetailsDialog[ConnectionList] = ListDetailsDialog(
            "A new connection list", lambda v: self.lists.new_list(v, practitioner=self.user)
        )
        self.as_named(lambda: self.app.push_screen(dialog, self._made))

    def _made(self, made: ConnectionList | None) -> None:
        if made is not None:
            self.open_list(made.id)

    def action_duplicate(self) -> None:
        source = self.chosen()
        if source is None:
            return
        dialog: ListDetailsDialog[ConnectionList] = ListDetailsDialog(
            f"A new list starting from the one for {source.resident_ref}",
            lambda v: self.lists.duplicate(source.id, v, practitioner=self.user),
        )
        self.as_named(lambda: self.app.push_screen(dialog, self._made))
