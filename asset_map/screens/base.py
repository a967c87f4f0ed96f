"""What every screen shares: the directory it works on and who is making changes."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.app import App
from textual.screen import ModalScreen, Screen

from asset_map.config import USER_ENV, current_user, save_user_name, saved_user_name
from asset_map.validation import PERSON_NAME_LENGTH

if TYPE_CHECKING:
    from asset_map.directory.facade import Directory

ResultT = TypeVar("ResultT")
NAME_QUESTION = "Your name, so every change you make says who made it (asked once):"


def ask_name_first(app: App[Any], then: Callable[[], object]) -> None:
    """Run `then`, first asking the person's name if it was never given.

    Asked when the first change or the first list is made, never at start-up: a dialog that
    opened a second after the search box took the rest of what was being typed there.
    Escape leaves the name unasked and the change unmade.
    """
    if saved_user_name() is not None or os.environ.get(USER_ENV, "").strip():
        then()
        return
    ask_name(app, then)


def ask_name(app: App[Any], then: Callable[[], object] = lambda: None) -> None:
    """Ask (or change) the name changes are recorded under; `then` runs once it is given."""
    from asset_map.screens.dialogs import TextDialog

    def remember(name: str | None) -> None:
        if name:
            save_user_name(name)
            app.notify(f"Changes will be recorded as {name}.", markup=False)
            then()

    dialog = TextDialog(
        NAME_QUESTION, placeholder="e.g. Sam K", value=saved_user_name() or "", max_length=PERSON_NAME_LENGTH
    )
    app.push_screen(dialog, remember)


class AppScreen(Screen[ResultT], Generic[ResultT]):
    """A full screen of the app: who is making changes, and toasts that show text literally."""

    @property
    def user(self) -> str:
        return current_user()

    def say(self, message: str, *, error: bool = False) -> None:
        """A toast that never interprets markup in the message (names are user text)."""
        self.notify(message, severity="error" if error else "information", markup=False)

    def as_named(self, then: Callable[[], object]) -> None:
        """Make a change once it is known who makes it (`ask_name_first`)."""
        ask_name_first(self.app, then)


class DirectoryScreen(AppScreen[ResultT], Generic[ResultT]):
    """A screen about the opened directory (every screen but the first, which opens it)."""

    def __init__(self, directory: Directory) -> None:
        super().__init__()
        self.directory = directory


class DirectoryModal(ModalScreen[ResultT], Generic[ResultT]):
    def __init__(self, directory: Directory) -> None:
        super().__init__()
        self.directory = directory
