"""One asset, everything about it, and what can be done to it from the keyboard."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from asset_map.directory.facade import Directory
from asset_map.errors import AssetMapError
from asset_map.screens.base import DirectoryScreen
from asset_map.screens.dialogs import ConfirmDialog, TextDialog, VerifyDialog
from asset_map.screens.messages import AddToList, UsageWanted
from asset_map.store.enums import VerifiedHow
from asset_map.store.models import Asset
from asset_map.validation import max_length
from asset_map.widgets.asset_card import AssetCard


class AssetScreen(DirectoryScreen[None]):
    CSS_PATH = "asset.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="asset.back"),
        Binding("e", "edit", "Edit", id="asset.edit", tooltip="Change this entry"),
        Binding("v", "verify", "Verify", id="asset.verify", tooltip="Say you checked it is still true"),
        Binding("f", "flag", "Flag", id="asset.flag", tooltip="Possibly closed: send to the review queue"),
        Binding("a", "archive", "Archive", id="asset.archive", tooltip="Archive (restorable), or restore"),
        Binding("l", "add_to_list", "List", id="asset.list", tooltip="Add to a connection list"),
        Binding("h", "history", "History", id="asset.history", tooltip="Every change; restore a version"),
    ]

    def __init__(self, directory: Directory, asset_id: uuid.UUID) -> None:
        super().__init__(directory)
        self.asset_id = asset_id
        self.asset: Asset | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="asset-scroll"):
            yield AssetCard(id="asset-card")
            yield Static(id="asset-usage")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#asset-scroll").focus()

    def on_screen_resume(self) -> None:
        """Back from history, a list or a form (however it was left): show what is stored now."""
        if self.asset is not None:
            self.reload()

    def reload(self) -> None:
        try:
            self.asset = self.directory.get(self.asset_id)
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            self.app.pop_screen()
            return
        self.sub_title = self.asset.name
        area, located = self.directory.where_of(self.asset)
        self.query_one(AssetCard).show(
            self.asset,
            area=area,
            located=located,
            need_labels=self.directory.need_labels,
            compact=False,
            today=self.directory.today(),
        )
        self.post_message(UsageWanted(self))  # the app answers with show_usage
        self.refresh_bindings()

    def show_usage(self, text: str) -> None:
        """How often practitioners suggested it and people went: counts, never who."""
        self.query_one("#asset-usage", Static).update(text)

    # ------------------------------------------------------------ actions
    def action_edit(self) -> None:
        from asset_map.screens.edit import EditScreen

        self.as_named(
            lambda: self.app.push_screen(EditScreen(self.directory, self.asset_id), lambda _: self.reload())
        )

    def action_verify(self) -> None:
        if self.asset is None:
            return

        def done(how: VerifiedHow | None) -> None:
            if how is None:
                return
            self._apply(
                lambda: self.directory.verify(self.asset_id, user=self.user, how=how),
                "Marked as verified today.",
            )

        name = self.asset.name
        self.as_named(lambda: self.app.push_screen(VerifyDialog(name), done))

    def action_flag(self) -> None:
        if self.asset is None:
            return
        if self.asset.flagged_at is not None:
            self.as_named(
                lambda: self._apply(
                    lambda: self.directory.clear_flag(self.asset_id, user=self.user), "Flag cleared."
                )
            )
            return

        def done(reason: str | None) -> None:
            if reason:
                self._apply(
                    lambda: self.directory.flag(self.asset_id, reason=reason, user=self.user),
                    "Flagged as possibly closed; it is now in the review queue.",
                )

        self.as_named(
            lambda: self.app.push_screen(
                TextDialog(
                    "Why might it have closed?",
                    placeholder="e.g. phone not answered",
                    max_length=max_length(Asset, "flag_reason"),
                ),
                done,
            )
        )

    def action_archive(self) -> None:
        if self.asset is None:
            return
        if self.asset.archived_at is not None:
            self.as_named(lambda: self._apply(self._restore, "Restored."))
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._apply(
                    lambda: self.directory.archive(self.asset_id, user=self.user),
                    "Archived. Press a again to restore it.",
                )

        question = f"Archive “{self.asset.name}”? It leaves search results but can be restored."
        self.as_named(lambda: self.app.push_screen(ConfirmDialog(question, yes="Archive", no="Keep"), done))

    def _restore(self) -> None:
        self.directory.restore(self.asset_id, user=self.user)

    def action_history(self) -> None:
        from asset_map.screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.directory, self.asset_id), lambda _: self.reload())

    def action_add_to_list(self) -> None:
        self.post_message(AddToList(self.asset_id))

    def _apply(self, change: Callable[[], object], message: str) -> None:
        try:
            change()
        except AssetMapError as exc:
            self.say(str(exc), error=True)
            return
        self.say(message)
        self.reload()
