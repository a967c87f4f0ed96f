"""What HSDS import and export need of a Directory.

`asset_map.directory.facade` sits above `asset_map.interop` in the layers contract, so this
package cannot import it; it states the few members it uses instead (a structural type).
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session

from asset_map.places import Gazetteer
from asset_map.store.models import Asset, AssetIn, Need


class DirectoryPort(Protocol):
    engine: Engine
    gazetteer: Gazetteer
    needs: dict[str, Need]
    need_labels: dict[str, str]

    def today(self) -> date: ...

    def check_references(self, asset: AssetIn) -> list[tuple[str, str]]: ...

    def all_assets(self, *, include_archived: bool = True) -> list[Asset]: ...

    def reindex_many(self, asset_ids: list[uuid.UUID]) -> None: ...

    def backup_before(self, reason: str) -> Path | None: ...

    def _written(self, session: Session) -> None: ...
