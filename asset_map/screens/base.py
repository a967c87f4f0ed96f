"""What every screen shares: the directory it works on and who is making changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar

from textual.screen import ModalScreen, Screen

from asset_map.config import current_user

if TYPE_CHECKING:
    from asset_map.directory import Directory

ResultT = TypeVar("ResultT")


class DirectoryScreen(Screen[ResultT], Generic[ResultT]):
    def __init__(self, directory: Directory, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.directory = directory

    @property
    def user(self) -> str:
        return current_user()

    def say(self, message: str, *, error: bool = False) -> None:
        """A toast that never interprets markup in the message (names are user text)."""
        self.notify(message, severity="error" if error else "information", markup=False)


class DirectoryModal(ModalScreen[ResultT], Generic[ResultT]):
    def __init__(self, directory: Directory, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.directory = directory
