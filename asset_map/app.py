"""The Textual app: wiring of screens, bindings and commands only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static

from asset_map.config import (
    Settings,
    current_user,
    private_folder,
    save_theme,
    saved_theme,
    screenshots_dir,
)
from asset_map.errors import AssetMapError
from asset_map.screens.base import ask_name, ask_name_first
from asset_map.screens.messages import AddToList, OpenList, UsageWanted
from asset_map.screens.palette import AssetCommands
from asset_map.startup import collector_paused

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory
    from asset_map.directory.finder import Finder
    from asset_map.lists.service import ConnectionLists
    from asset_map.screens.search import SearchScreen
    from asset_map.store.lists import ConnectionList


class CannotOpenScreen(Screen[None]):
    """Why the directory could not be opened (nothing else can be done without it)."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> Iterable[Static | Footer]:
        text = f"Could not open the directory:\n\n{self.message}\n\nPress Ctrl+Q to quit."
        yield Static(Text(text), id="opening-message")
        yield Footer(compact=True)


class AssetMapApp(App[None]):
    TITLE = "Asset Map"
    SUB_TITLE = "what's strong, near you"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {AssetCommands}
    # Ctrl+N, Ctrl+R, Ctrl+L and Ctrl+Q work everywhere but are shown on the search screen
    # only, so each screen's own keys fit an 80-column footer.
    BINDINGS = [
        Binding("f1", "help", "Help", id="app.help", tooltip="Keys and how to use Asset Map"),
        Binding("ctrl+n", "add_asset", "Add", id="app.add", show=False, tooltip="Add a new entry"),
        Binding("ctrl+r", "review", "Review", id="app.review", show=False, tooltip="Entries to check"),
        Binding("ctrl+l", "lists", "Lists", id="app.lists", show=False, tooltip="Connection lists"),
        Binding("ctrl+t", "gaps", "Gaps", id="app.gaps", show=False, tooltip="Where the gaps are"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
    ]

    def __init__(self, settings: Settings | None = None, *, directory: Directory | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings.resolve()
        self.directory: Directory | None = directory
        self.lists: ConnectionLists | None = None  # opened on first use, off the start-up path
        self.current_list_id: uuid.UUID | None = None

    def on_mount(self) -> None:
        """The search screen comes first; the directory opens behind it and is handed over
        when ready."""
        from asset_map.screens.search import SearchScreen

        theme = saved_theme()
        if theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, lambda chosen: save_theme(chosen.name))
        self.push_screen(SearchScreen(self.directory))
        if self.directory is None:
            self.call_after_refresh(self.open_directory)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_directory(self) -> None:
        """Once the search screen is on the terminal: the search alone from the saved index
        (no database layer needed: the first answer comes sooner), then the whole directory."""
        from asset_map.directory.finder import open_finder

        try:
            with collector_paused():
                finder = open_finder(self.settings)
        except Exception:  # a shortcut only: whatever went wrong, the full open below decides
            finder = None
        if finder is not None:
            self.call_from_thread(self._found, finder)
        with collector_paused():  # the directory layer: SQLAlchemy, the models, the store
            from asset_map.directory.facade import Directory
            from asset_map.interop.errors import FileRejected  # a broken sample file
        try:
            with collector_paused():
                directory = Directory.open(self.settings, finder=finder, progress=self._building_progress)
        except (AssetMapError, FileRejected, OSError) as exc:
            self.call_from_thread(self._failed, str(exc))
            return
        self.call_from_thread(self._opened, directory)

    def _building_progress(self, done: int, total: int) -> None:
        """From the opening thread: how far building the search index has come (no saved one)."""
        self.call_from_thread(self._show_building, done, total)

    def _show_building(self, done: int, total: int) -> None:
        for screen in self._search_screens():
            screen.building_index(done, total)

    def _found(self, finder: Finder) -> None:
        for screen in self._search_screens():
            screen.attach_finder(finder)

    def _opened(self, directory: Directory) -> None:
        self.directory = directory
        for screen in self._search_screens():
            screen.attach(directory)  # its first answer also tells what the directory noticed

    def _search_screens(self) -> list[SearchScreen]:
        from asset_map.screens.search import SearchScreen

        return [screen for screen in self.screen_stack if isinstance(screen, SearchScreen)]

    def _failed(self, message: str) -> None:
        """Nothing can be done without the directory: say why, in place of the search."""
        self.switch_screen(CannotOpenScreen(message))

    # ------------------------------------------------------------ actions
    def action_help(self) -> None:
        from asset_map.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_add_asset(self) -> None:
        """A new entry; once saved, it opens, so the volunteer sees what they made."""
        from asset_map.screens.asset import AssetScreen
        from asset_map.screens.edit import EditScreen

        if self.directory is None or isinstance(self.screen, EditScreen):
            return
        directory, screen = self.directory, EditScreen(self.directory, None)

        def opened(saved: bool | None) -> None:
            if saved and screen.saved_id is not None:
                self.push_screen(AssetScreen(directory, screen.saved_id))

        ask_name_first(self, lambda: self.push_screen(screen, opened))

    def action_review(self) -> None:
        from asset_map.screens.edit import EditScreen
        from asset_map.screens.review import ReviewScreen

        if self.directory is None or isinstance(self.screen, ReviewScreen | EditScreen):
            return
        directory = self.directory
        ask_name_first(self, lambda: self.push_screen(ReviewScreen(directory)))

    def action_gaps(self) -> None:
        """Every place against every need: where the directory has nothing."""
        from asset_map.screens.edit import EditScreen
        from asset_map.screens.gaps import GapsScreen

        if self.directory is not None and not isinstance(self.screen, GapsScreen | EditScreen):
            self.push_screen(GapsScreen(self.directory, lambda: self.connection_lists(quiet=True)))

    def action_import(self) -> None:
        from asset_map.screens.transfer import ImportScreen

        if self.directory is not None:
            directory = self.directory
            ask_name_first(self, lambda: self.push_screen(ImportScreen(directory)))

    def action_export(self) -> None:
        from asset_map.screens.transfer import ExportScreen

        if self.directory is not None:
            self.push_screen(ExportScreen(self.directory))

    # ------------------------------------------------------------ connection lists
    def connection_lists(self, *, quiet: bool = False) -> ConnectionLists | None:
        """The lists store, opened on first use; `quiet` when only glancing (usage counts)."""
        if self.lists is None and self.directory is not None:
            from asset_map.lists.service import ConnectionLists
            from asset_map.store.db import StoreError

            try:
                self.lists = ConnectionLists.open(self.directory)
            except StoreError as exc:
                if not quiet:
                    self.notify(str(exc), severity="error", markup=False)
                return None
            for notice in self.lists.notices:  # said once only, so even when only glancing
                self.notify(notice, severity="warning", markup=False, timeout=20)
        return self.lists

    def action_lists(self) -> None:
        """The current list when there is one, else every list."""
        if self.current_list_id is not None:
            self.open_list(self.current_list_id)
        else:
            self.action_all_lists()

    def action_all_lists(self) -> None:
        from asset_map.screens.lists import ListsScreen

        lists = self.connection_lists()
        if lists is not None and self.directory is not None and not isinstance(self.screen, ListsScreen):
            self.push_screen(ListsScreen(self.directory, lists, self.current_list_id))

    def make_current(self, list_id: uuid.UUID | None, resident_ref: str = "") -> None:
        """The list that + (and l on an entry) adds to; the search screen says whose it is."""
        from asset_map.screens.lists import ListsScreen

        self.current_list_id = list_id
        for screen in self._search_screens():
            screen.show_list_for(resident_ref if list_id is not None else None)
        for lists_screen in self.screen_stack:
            if isinstance(lists_screen, ListsScreen):
                lists_screen.mark_current(list_id)

    def open_list(self, list_id: uuid.UUID) -> None:
        """Open a list and make it the one that + adds to."""
        from asset_map.lists.service import ListError
        from asset_map.screens.connection_list import ConnectionListScreen

        lists = self.connection_lists()
        if lists is None or self.directory is None:
            return
        try:
            self.make_current(list_id, lists.get(list_id).resident_ref)
        except ListError as exc:
            self.make_current(None)
            self.notify(str(exc), severity="error", markup=False)
            return
        if isinstance(self.screen, ConnectionListScreen):
            self.pop_screen()
        self.push_screen(ConnectionListScreen(self.directory, lists, list_id))

    # ------------------------------------------------------------ what screens ask for
    def on_add_to_list(self, message: AddToList) -> None:
        self.add_to_list(message.asset_id)

    def on_open_list(self, message: OpenList) -> None:
        self.open_list(message.list_id)

    def on_usage_wanted(self, message: UsageWanted) -> None:
        """Counts only, never who: the entry screen shows them (when the lists can be opened)."""
        lists = self.connection_lists(quiet=True)
        if lists is not None:
            message.screen.show_usage(str(lists.usage(message.screen.asset_id)))

    def add_to_list(self, asset_id: uuid.UUID) -> None:
        """Add an entry to the current list, starting a list first when there is none."""
        from asset_map.lists.service import ListError
        from asset_map.screens.list_dialogs import ListDetailsDialog

        lists = self.connection_lists()
        if lists is None:
            return

        def add(list_id: uuid.UUID) -> None:
            try:
                added = lists.add(list_id, asset_id)
                ref = lists.get(list_id).resident_ref
            except AssetMapError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.notify(
                f"Added “{added.asset_name}” to the list for {ref} (number {added.position + 1}). "
                "Ctrl+L shows the list.",
                markup=False,
            )

        if self.current_list_id is not None:
            try:
                lists.get(self.current_list_id)
            except ListError:  # purged since it was opened: start a new one
                self.make_current(None)
            else:
                add(self.current_list_id)
                return

        def started(made: ConnectionList | None) -> None:
            if made is not None:
                self.make_current(made.id, made.resident_ref)
                add(made.id)

        dialog: ListDetailsDialog[ConnectionList] = ListDetailsDialog(
            "A new connection list (then this entry is added to it)",
            lambda values: lists.new_list(values, practitioner=current_user()),
        )
        ask_name_first(self, lambda: self.push_screen(dialog, started))

    async def action_quit(self) -> None:
        """Quitting from a form with unsaved changes asks first, as leaving it does."""
        from asset_map.screens.dialogs import ConfirmDialog
        from asset_map.screens.edit import EditScreen

        editing = [s for s in self.screen_stack if isinstance(s, EditScreen) and s.dirty]
        if not editing:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            ConfirmDialog("You have unsaved changes. Quit and lose them?", yes="Quit", no="Keep editing"),
            answered,
        )

    def action_set_name(self) -> None:
        ask_name(self)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        """Screenshots go to a private folder of the app's (there may be no Downloads folder)."""
        if path is None:
            path = str(private_folder(screenshots_dir()))
        return super().deliver_screenshot(filename, path, time_format)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Add an entry", "Add a new community asset", self.action_add_asset)
        yield SystemCommand(
            "Review queue", "Entries to verify, flagged, lapsed checks, duplicates", self.action_review
        )
        yield SystemCommand(
            "Import entries", "An Open Referral UK feed or a directory file", self.action_import
        )
        yield SystemCommand(
            "Export the directory",
            "As Open Referral UK (JSON or CSV) or a directory file",
            self.action_export,
        )
        yield SystemCommand(
            "Connection lists", "Every list, yours first: open, start or copy one", self.action_all_lists
        )
        yield SystemCommand("Set your name", "Who changes are recorded as", self.action_set_name)
        yield SystemCommand("Help", "Keys and how to use Asset Map", self.action_help)

    def on_unmount(self) -> None:
        if self.lists is not None:
            self.lists.close()
        if self.directory is not None:
            self.directory.close()


def create_app(settings: Settings | None = None, *, directory: Directory | None = None) -> AssetMapApp:
    """The app factory, shared by `asset-map` and the tests."""
    return AssetMapApp(settings, directory=directory)


def run_app(settings: Settings) -> int:
    """Run the TUI; its exit status is the app's (1 after an unexpected error, never 0)."""
    app = create_app(settings)
    app.run()
    return app.return_code or 0
